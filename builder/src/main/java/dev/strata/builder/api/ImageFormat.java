package dev.strata.builder.api;

import java.util.Locale;

/**
 * {@code --format}: the manifest format of the built image, in the store, in outputs and when
 * pushed. Docker's v2 schema 2 cannot describe zstd layers.
 */
public enum ImageFormat {
    /** OCI image manifest and config media types (the default). */
    OCI,
    /** Docker image manifest v2 schema 2. */
    DOCKER;

    /** {@code oci} or {@code docker} (also buildah's {@code v2s2}), case-insensitive. */
    public static ImageFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "oci" -> OCI;
            case "docker", "v2s2" -> DOCKER;
            default -> throw new IllegalArgumentException("unknown image format \"" + text + "\" (expected oci or docker)");
        };
    }
}
