package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import java.io.IOException;
import java.util.List;

/** Media types of manifest documents as registries serve them. */
final class Documents {
    private Documents() {}

    /** What a manifest GET accepts, best first. */
    static final List<String> ACCEPTED = List.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    /**
     * The media type of a manifest document: its {@code mediaType} field, else {@code declared}
     * (the Content-Type the registry sent, or the descriptor's), else guessed from its shape
     * (OCI allows omitting the field).
     */
    static String mediaType(byte[] bytes, String declared, String what) throws IOException {
        JsonNode document = OciJson.tree(bytes, what);
        if (document == null || !document.isObject()) {
            throw new RegistryException(what + ": manifest is not a JSON object");
        }
        String field = document.path("mediaType").asText("");
        if (!field.isEmpty()) {
            return field;
        }
        if (declared != null) {
            String bare = declared.split(";", 2)[0].strip();
            if (ACCEPTED.contains(bare)) {
                return bare;
            }
        }
        return document.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    /** Foreign (non-distributable) layers are fetched from their urls, never from or to a registry. */
    static boolean isForeign(String layerMediaType) {
        return layerMediaType.contains("foreign") || layerMediaType.contains("nondistributable");
    }
}
