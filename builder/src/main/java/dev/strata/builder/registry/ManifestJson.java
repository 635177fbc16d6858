package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few fields of manifests and indexes that pulling and pushing need, from the exact
 * bytes (which stay untouched). Both OCI and Docker v2s2 shapes.
 */
final class ManifestJson {
    private ManifestJson() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A descriptor inside a manifest or index; {@code platform} is null outside indexes. */
    record Entry(String mediaType, Digest digest, long size, JsonNode platform) {
        BlobRef blob() {
            return new BlobRef(mediaType, digest, size);
        }
    }

    static JsonNode parse(byte[] bytes, String what) throws RegistryException {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new RegistryException(what + ": manifest is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryException(what + ": manifest is not valid JSON");
        }
    }

    static Entry config(JsonNode manifest, String what) throws RegistryException {
        return entry(manifest.path("config"), what + ": config");
    }

    static List<Entry> layers(JsonNode manifest, String what) throws RegistryException {
        List<Entry> out = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            out.add(entry(layer, what + ": layer"));
        }
        return out;
    }

    static List<Entry> manifests(JsonNode index, String what) throws RegistryException {
        List<Entry> out = new ArrayList<>();
        for (JsonNode child : index.path("manifests")) {
            out.add(entry(child, what + ": index entry"));
        }
        return out;
    }

    private static Entry entry(JsonNode node, String what) throws RegistryException {
        if (!node.isObject()) {
            throw new RegistryException(what + " descriptor missing");
        }
        try {
            Digest digest = Digest.parse(node.path("digest").asText(""));
            long size = node.path("size").asLong(-1);
            if (size < 0) {
                throw new RegistryException(what + " " + digest + " has no size");
            }
            JsonNode platform = node.get("platform");
            return new Entry(node.path("mediaType").asText(""), digest, size, platform);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(what + ": " + e.getMessage());
        }
    }
}
