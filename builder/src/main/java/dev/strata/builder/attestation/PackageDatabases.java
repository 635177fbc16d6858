package dev.strata.builder.attestation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the distribution package databases of an image: dpkg's {@code status}, apk's {@code installed}. */
final class PackageDatabases {
    private PackageDatabases() {}

    /** The installed packages of a dpkg status file (stanzas whose Status ends in {@code installed}). */
    static List<SoftwarePackage> dpkg(byte[] status, String distro) {
        List<SoftwarePackage> out = new ArrayList<>();
        String name = "";
        String version = "";
        String arch = "";
        String state = "";
        for (String line : (text(status) + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (!name.isEmpty() && state.endsWith(" installed")) {
                    out.add(new SoftwarePackage("deb", distro, name, version, arch, "/" + ImageFiles.DPKG_STATUS));
                }
                name = version = arch = state = "";
                continue;
            }
            if (line.startsWith("Package:")) {
                name = line.substring(8).strip();
            } else if (line.startsWith("Version:")) {
                version = line.substring(8).strip();
            } else if (line.startsWith("Architecture:")) {
                arch = line.substring(13).strip();
            } else if (line.startsWith("Status:")) {
                state = line.substring(7).strip();
            }
        }
        return out;
    }

    /** The packages of apk's installed database (records of {@code K:value} lines). */
    static List<SoftwarePackage> apk(byte[] installed, String distro) {
        List<SoftwarePackage> out = new ArrayList<>();
        String name = "";
        String version = "";
        String arch = "";
        for (String line : (text(installed) + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (!name.isEmpty()) {
                    out.add(new SoftwarePackage("apk", distro, name, version, arch, "/" + ImageFiles.APK_INSTALLED));
                }
                name = version = arch = "";
            } else if (line.startsWith("P:")) {
                name = line.substring(2).strip();
            } else if (line.startsWith("V:")) {
                version = line.substring(2).strip();
            } else if (line.startsWith("A:")) {
                arch = line.substring(2).strip();
            }
        }
        return out;
    }

    /** {@code ID} of an os-release file, or {@code fallback}. */
    static String distro(byte[] osRelease, String fallback) {
        if (osRelease == null) {
            return fallback;
        }
        for (String line : text(osRelease).split("\n")) {
            if (line.startsWith("ID=")) {
                String id = line.substring(3).strip().replace("\"", "").replace("'", "");
                if (id.matches("[a-z0-9._-]{1,64}")) {
                    return id;
                }
            }
        }
        return fallback;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
