package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code --format docker}: rewrites an OCI image manifest as a Docker v2 schema 2 manifest. The
 * config and layer blobs stay byte for byte (an OCI config is a valid Docker config); only media
 * types change. Annotations, {@code subject} and {@code artifactType} have no v2s2 equivalent and
 * are dropped; zstd layers cannot be expressed and are refused.
 */
final class DockerConversion {
    private DockerConversion() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LAYERS = Map.of(
            MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP,
            MediaTypes.DOCKER_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP,
            MediaTypes.OCI_LAYER, "application/vnd.docker.image.rootfs.diff.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", MediaTypes.DOCKER_FOREIGN_LAYER_GZIP,
            MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, MediaTypes.DOCKER_FOREIGN_LAYER_GZIP);

    /** The v2s2 bytes for the OCI image manifest {@code manifest}. */
    static byte[] toDocker(JsonNode manifest, String what) throws RegistryException {
        if (MediaTypes.DOCKER_MANIFEST.equals(MediaTypes.of(manifest, null))) {
            throw new IllegalArgumentException("already a Docker manifest");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("schemaVersion", 2);
        out.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        out.set("config", descriptor(manifest.path("config"), MediaTypes.DOCKER_CONFIG));
        ArrayNode layers = out.putArray("layers");
        for (JsonNode layer : manifest.path("layers")) {
            String type = layer.path("mediaType").asText("");
            String docker = LAYERS.get(type);
            if (docker == null) {
                throw new RegistryException(what + ": layer " + layer.path("digest").asText() + " has media type " + type
                        + ", which a Docker v2s2 manifest cannot carry (zstd layers need --format oci)");
            }
            ObjectNode converted = descriptor(layer, docker);
            if (layer.has("urls")) {
                converted.set("urls", layer.get("urls"));
            }
            layers.add(converted);
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode descriptor(JsonNode source, String mediaType) {
        ObjectNode out = JSON.createObjectNode();
        out.put("mediaType", mediaType);
        out.put("size", source.path("size").asLong());
        out.put("digest", source.path("digest").asText());
        return out;
    }
}
