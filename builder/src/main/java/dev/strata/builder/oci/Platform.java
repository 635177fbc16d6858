package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** An OCI platform: {@code os}, {@code architecture}, optional {@code variant}, {@code os.version}, {@code os.features}. */
public record Platform(
        String architecture,
        String os,
        String osVersion,
        List<String> osFeatures,
        String variant,
        List<String> features,
        Map<String, JsonNode> extra) implements Json.TreeValue {

    public Platform {
        osFeatures = Extra.list(osFeatures);
        features = Extra.list(features);
        extra = Extra.copy(extra);
    }

    /** {@code linux/amd64}, {@code linux/arm64/v8}, {@code linux/arm/v7}. */
    public static Platform parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid platform \"" + text + "\" (expected os/arch[/variant], e.g. linux/amd64)");
        }
        return new Platform(normalizeArch(parts[1]), parts[0], null, null, parts.length == 3 ? parts[2] : null, null, null);
    }

    /** The platform of the running JVM (linux/amd64 here). */
    public static Platform host() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return new Platform(normalizeArch(System.getProperty("os.arch")), os, null, null, null, null, null);
    }

    private static String normalizeArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i686", "x86" -> "386";
            default -> arch;
        };
    }

    /**
     * Whether an image built for {@code this} runs on {@code wanted}: same os and architecture,
     * and same variant when both name one (arm64's default variant is v8, arm's v7).
     */
    public boolean matches(Platform wanted) {
        if (!Objects.equals(os, wanted.os) || !Objects.equals(architecture, wanted.architecture)) {
            return false;
        }
        String mine = normalVariant(architecture, variant);
        String theirs = normalVariant(wanted.architecture, wanted.variant);
        return mine == null || theirs == null || mine.equals(theirs);
    }

    private static String normalVariant(String arch, String variant) {
        if (variant == null) {
            // containerd's defaults: arm64 means v8, arm means v7
            return "arm64".equals(arch) ? "v8" : "arm".equals(arch) ? "v7" : null;
        }
        return variant;
    }

    // written out rather than generated, as Descriptor's are: no method-handle bootstrap on first call
    @Override
    public boolean equals(Object other) {
        return other instanceof Platform p && Objects.equals(architecture, p.architecture) && Objects.equals(os, p.os)
                && Objects.equals(osVersion, p.osVersion) && Objects.equals(osFeatures, p.osFeatures)
                && Objects.equals(variant, p.variant) && Objects.equals(features, p.features) && extra.equals(p.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, os, osVersion, osFeatures, variant, features, extra);
    }

    /** This platform as the tree its JSON form parses to (a cache key holds it so). */
    @Override
    public JsonNode toJsonTree() {
        try {
            return Json.parse(OciJson.write(this));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read back a platform's own JSON", e);
        }
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
