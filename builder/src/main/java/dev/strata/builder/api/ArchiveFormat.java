package dev.strata.builder.api;

import java.util.Locale;

/** What {@link ImageStore#save} writes: an OCI archive (a tar of an image layout) or a {@code docker save} archive. */
public enum ArchiveFormat {
    OCI,
    DOCKER;

    /** {@code oci} or {@code docker}, case-insensitive. */
    public static ArchiveFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "oci" -> OCI;
            case "docker" -> DOCKER;
            default -> throw new IllegalArgumentException("invalid archive format \"" + text + "\" (expected oci or docker)");
        };
    }
}
