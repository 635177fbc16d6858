package dev.strata.builder.registry;

/** {@code --format oci|docker}: the manifest format of a pushed image. */
public enum ManifestFormat {
    /** OCI image manifest (the default); pushed exactly as built. */
    OCI,
    /** Docker image manifest v2 schema 2, converted from the OCI manifest (gzip/plain layers only). */
    DOCKER;

    public static ManifestFormat parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "oci" -> OCI;
            case "docker", "v2s2" -> DOCKER;
            default -> throw new IllegalArgumentException("invalid manifest format \"" + text + "\" (expected oci or docker)");
        };
    }
}
