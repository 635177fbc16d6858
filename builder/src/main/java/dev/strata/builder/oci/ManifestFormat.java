package dev.strata.builder.oci;

import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Layer;

/** Whether an image is written with OCI media types (the default) or Docker's v2 schema 2. */
public enum ManifestFormat {
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG),
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG);

    private final String manifestMediaType;
    private final String configMediaType;

    ManifestFormat(String manifestMediaType, String configMediaType) {
        this.manifestMediaType = manifestMediaType;
        this.configMediaType = configMediaType;
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    /**
     * The media type a layer gets in a manifest of this format; the bytes are the same, only
     * the name differs. A zstd layer has no Docker name: {@link IllegalArgumentException}.
     */
    public String layerMediaType(Layer layer) {
        Compression compression = layer.compression();
        if (this == OCI) {
            return compression.mediaType();
        }
        if (compression.dockerMediaType() == null) {
            throw new IllegalArgumentException("layer " + layer.digest().shortHex() + " is " + compression.name().toLowerCase()
                    + "-compressed, which a Docker v2s2 manifest cannot describe; use the OCI format");
        }
        return compression.dockerMediaType();
    }

    /** {@code oci} or {@code docker}. */
    public static ManifestFormat parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "oci" -> OCI;
            case "docker" -> DOCKER;
            default -> throw new IllegalArgumentException("unknown image format \"" + name + "\" (expected oci or docker)");
        };
    }
}
