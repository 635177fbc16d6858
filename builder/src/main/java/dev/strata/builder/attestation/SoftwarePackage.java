package dev.strata.builder.attestation;

import java.util.Objects;

/**
 * A piece of software found in an image.
 *
 * @param type {@code deb}, {@code apk} or {@code maven} (the purl type)
 * @param namespace the purl namespace: the distribution ({@code debian}, {@code alpine}) or the Maven group
 * @param name the package or artifact name
 * @param version its version, or empty when unknown
 * @param arch the architecture a distribution package was built for, or empty
 * @param location the file it was found in ({@code /var/lib/dpkg/status}, {@code /app/lib/x.jar})
 */
public record SoftwarePackage(String type, String namespace, String name, String version, String arch, String location) {
    public SoftwarePackage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(location, "location");
    }

    /** The package URL ({@code pkg:deb/debian/libc6@2.36-9?arch=amd64}). */
    public String purl() {
        StringBuilder sb = new StringBuilder("pkg:").append(type).append('/');
        if (!namespace.isEmpty()) {
            sb.append(encode(namespace)).append('/');
        }
        sb.append(encode(name));
        if (!version.isEmpty()) {
            sb.append('@').append(encode(version));
        }
        if (!arch.isEmpty()) {
            sb.append("?arch=").append(encode(arch));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'
                    || c == '~' || c == '+') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
