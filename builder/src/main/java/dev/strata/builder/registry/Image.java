package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image about to be pushed: the top manifest (or index) as exact bytes, the platform manifests
 * of an index, and every blob they reference (deduplicated). For {@link ManifestFormat#DOCKER}
 * OCI manifests and indexes are converted first, and the converted documents stored.
 */
record Image(byte[] bytes, Digest digest, String mediaType, List<Image.Manifest> children, List<BlobRef> blobs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Manifest(byte[] bytes, Digest digest, String mediaType) {
    }

    static Image of(byte[] bytes, ManifestFormat format, BlobStore store, String what) throws IOException {
        JsonNode top = ManifestJson.parse(bytes, what);
        String mediaType = MediaTypes.of(top, null);
        Map<Digest, BlobRef> blobs = new LinkedHashMap<>();
        if (MediaTypes.isManifest(mediaType)) {
            Manifest manifest = manifest(bytes, top, mediaType, format, store, what);
            collectBlobs(ManifestJson.parse(manifest.bytes(), what), blobs, what);
            return new Image(manifest.bytes(), manifest.digest(), manifest.mediaType(), List.of(), List.copyOf(blobs.values()));
        }
        if (!MediaTypes.isIndex(mediaType)) {
            throw new RegistryException(what + ": cannot push a document of media type " + mediaType);
        }
        boolean convert = format == ManifestFormat.DOCKER && MediaTypes.OCI_INDEX.equals(mediaType);
        List<Manifest> children = new ArrayList<>();
        ArrayNode convertedEntries = JSON.createArrayNode();
        for (JsonNode entry : top.path("manifests")) {
            Digest childDigest = Digest.parse(entry.path("digest").asText());
            byte[] childBytes = store.readAllBytes(childDigest);
            JsonNode childJson = ManifestJson.parse(childBytes, what);
            Manifest child = manifest(childBytes, childJson, MediaTypes.of(childJson, entry.path("mediaType").asText(null)), format, store, what);
            children.add(child);
            collectBlobs(ManifestJson.parse(child.bytes(), what), blobs, what);
            ObjectNode converted = ((ObjectNode) entry.deepCopy());
            converted.put("mediaType", child.mediaType());
            converted.put("digest", child.digest().toString());
            converted.put("size", child.bytes().length);
            converted.remove("annotations");
            convertedEntries.add(converted);
        }
        byte[] indexBytes = bytes;
        String indexType = mediaType;
        if (convert) {
            ObjectNode list = JSON.createObjectNode();
            list.put("schemaVersion", 2);
            list.put("mediaType", MediaTypes.DOCKER_LIST);
            list.set("manifests", convertedEntries);
            indexBytes = JSON.writeValueAsBytes(list);
            indexType = MediaTypes.DOCKER_LIST;
            store.put(indexBytes);
        }
        return new Image(indexBytes, Digest.ofBytes(indexBytes), indexType, List.copyOf(children), List.copyOf(blobs.values()));
    }

    private static Manifest manifest(byte[] bytes, JsonNode json, String mediaType, ManifestFormat format, BlobStore store,
            String what) throws IOException {
        if (format == ManifestFormat.DOCKER && MediaTypes.OCI_MANIFEST.equals(mediaType)) {
            byte[] docker = DockerConversion.toDocker(json, what);
            store.put(docker);
            return new Manifest(docker, Digest.ofBytes(docker), MediaTypes.DOCKER_MANIFEST);
        }
        return new Manifest(bytes, Digest.ofBytes(bytes), mediaType);
    }

    private static void collectBlobs(JsonNode manifest, Map<Digest, BlobRef> blobs, String what) throws RegistryException {
        ManifestJson.Entry config = ManifestJson.config(manifest, what);
        blobs.putIfAbsent(config.digest(), config.blob());
        for (ManifestJson.Entry layer : ManifestJson.layers(manifest, what)) {
            if (layer.mediaType().contains("nondistributable") || layer.mediaType().contains("foreign")) {
                continue; // foreign layers stay where their urls point
            }
            blobs.putIfAbsent(layer.digest(), layer.blob());
        }
    }
}
