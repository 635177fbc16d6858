package dev.strata.builder.plan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI platform ({@code linux/amd64}, {@code linux/arm/v7}), normalised as containerd does for
 * the common architectures.
 */
public record Platform(String os, String architecture, String variant) {
    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
    }

    /** The platform of this JVM's host. */
    public static Platform host() {
        return new Platform("linux", normaliseArch(System.getProperty("os.arch")), "");
    }

    /** Parses {@code os/arch[/variant]} (or just {@code arch}, meaning linux). */
    public static Platform parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        if (parts.length == 0 || parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("invalid platform \"" + text + "\" (expected os/arch[/variant], e.g. linux/amd64)");
        }
        if (parts.length == 1) {
            return new Platform("linux", normaliseArch(parts[0]), "");
        }
        String arch = normaliseArch(parts[1]);
        String variant = parts.length == 3 ? parts[2] : "";
        if (arch.equals("arm64") && variant.equals("v8")) {
            variant = "";
        } else if (arch.equals("arm") && variant.isEmpty()) {
            variant = "v7"; // containerd's normalisation, so TARGETVARIANT is v7 as in BuildKit
        }
        return new Platform(parts[0], arch, variant);
    }

    /**
     * Parses {@code --platform}'s comma-separated list ({@code linux/amd64,linux/arm64}), dropping
     * repeats, as buildx does.
     */
    public static java.util.List<Platform> parseList(String text) {
        java.util.LinkedHashSet<Platform> platforms = new java.util.LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("invalid platform list \"" + text + "\" (an empty entry; expected e.g. linux/amd64,linux/arm64)");
            }
            platforms.add(parse(part));
        }
        return java.util.List.copyOf(platforms);
    }

    static String normaliseArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i686", "x86", "386" -> "386";
            default -> arch;
        };
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }

    /**
     * Docker's automatic platform arguments: {@code TARGETPLATFORM, TARGETOS, TARGETARCH,
     * TARGETVARIANT} for {@code target}, {@code BUILD*} for {@code build}.
     */
    public static Map<String, String> args(Platform build, Platform target) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("BUILDPLATFORM", build.toString());
        args.put("BUILDOS", build.os());
        args.put("BUILDARCH", build.architecture());
        args.put("BUILDVARIANT", build.variant());
        args.put("TARGETPLATFORM", target.toString());
        args.put("TARGETOS", target.os());
        args.put("TARGETARCH", target.architecture());
        args.put("TARGETVARIANT", target.variant());
        return args;
    }
}
