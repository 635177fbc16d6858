package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The manifest and layer media types Strata reads and writes. */
final class MediaTypes {
    private MediaTypes() {}

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /** What a manifest GET accepts, best first. */
    static final List<String> ACCEPTED = List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /**
     * The media type of a manifest document: its {@code mediaType} field, else the
     * {@code Content-Type} the registry sent, else guessed from its shape (OCI allows omitting it).
     */
    static String of(JsonNode document, String contentType) {
        String field = document.path("mediaType").asText("");
        if (!field.isEmpty()) {
            return field;
        }
        if (contentType != null) {
            String bare = contentType.split(";", 2)[0].strip();
            if (ACCEPTED.contains(bare)) {
                return bare;
            }
        }
        return document.has("manifests") ? OCI_INDEX : OCI_MANIFEST;
    }
}
