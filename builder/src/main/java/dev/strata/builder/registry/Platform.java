package dev.strata.builder.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * A target platform ({@code linux/amd64}, {@code linux/arm64/v8}) as {@code --platform} writes it
 * and OCI index entries describe it.
 *
 * @param variant the CPU variant, or null when unspecified
 */
public record Platform(String os, String architecture, String variant) {
    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        if (variant != null && variant.isEmpty()) {
            variant = null;
        }
    }

    /** Parses {@code os/arch[/variant]}; a bare architecture means linux. */
    public static Platform parse(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("invalid platform \"" + text + "\" (expected os/arch[/variant], e.g. linux/amd64)");
            }
        }
        return switch (parts.length) {
            case 1 -> new Platform("linux", normaliseArch(parts[0]), null);
            case 2 -> new Platform(parts[0], normaliseArch(parts[1]), null);
            case 3 -> new Platform(parts[0], normaliseArch(parts[1]), parts[2]);
            default -> throw new IllegalArgumentException("invalid platform \"" + text + "\" (expected os/arch[/variant], e.g. linux/amd64)");
        };
    }

    /** The platform this JVM runs on, in Go's names ({@code amd64}, {@code arm64}); the OS is always linux. */
    public static Platform host() {
        return new Platform("linux", normaliseArch(System.getProperty("os.arch", "amd64")), null);
    }

    private static String normaliseArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i686", "x86", "386" -> "386";
            default -> arch;
        };
    }

    /**
     * Whether an index entry for {@code os/arch/variant} serves this platform: OS and architecture
     * must be equal; a variant is compared only when this platform names one ({@code arm64} and
     * {@code arm64/v8} are the same).
     */
    public boolean matches(String otherOs, String otherArch, String otherVariant) {
        if (!os.equals(otherOs) || !architecture.equals(normaliseArch(otherArch == null ? "" : otherArch))) {
            return false;
        }
        if (variant == null) {
            return true;
        }
        return canonicalVariant(variant).equals(canonicalVariant(otherVariant));
    }

    private String canonicalVariant(String v) {
        if (v == null || v.isEmpty()) {
            return architecture.equals("arm64") ? "v8" : "";
        }
        return v;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
