package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The format of an exported step cache, shared by the registry and the local cache: an OCI image
 * manifest whose config ({@value #CONFIG_TYPE}) lists the step cache entries (key document and
 * result) and whose layers are every blob those results name. Thread-safe.
 */
public final class CacheManifests {
    /** The media type of the cache manifest's config blob. */
    public static final String CONFIG_TYPE = "application/vnd.strata.cache.config.v1+json";
    /** The cache config lists every step's key document: bigger than an image config may be. */
    public static final long CONFIG_LIMIT = 64L << 20;
    private static final String BLOB_TYPE = "application/octet-stream";

    private CacheManifests() {}

    /** A cache manifest made: its bytes (stored), its config blob, and the blobs it lists. */
    public record Built(byte[] manifest, Descriptor config, List<Descriptor> blobs) {
        public Built {
            blobs = List.copyOf(blobs);
        }
    }

    /**
     * Makes the manifest of the entries of {@code keys} the step cache holds and the stored blobs
     * their results name; stores its config and manifest blobs.
     */
    public static Built build(BlobStore store, StepCache cache, Collection<Digest> keys) throws IOException {
        ArrayNode entries = Json.array();
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        for (Digest keyDigest : keys) {
            Optional<CacheEntry> entry = cache.entry(keyDigest);
            if (entry.isEmpty()) {
                continue;
            }
            ObjectNode node = entries.addObject();
            node.set("key", entry.get().key().document());
            node.set("result", entry.get().result());
            collectBlobs(store, entry.get().result(), blobs);
        }
        ObjectNode config = Json.object();
        config.put("strataCacheVersion", 1);
        config.set("entries", entries);
        BlobDescriptor configBlob = store.put(OciJson.write(config));
        Descriptor configDescriptor = Descriptor.of(CONFIG_TYPE, configBlob);
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor,
                List.copyOf(blobs.values()), Map.of("dev.strata.cache.entries", Integer.toString(entries.size())));
        byte[] bytes = OciJson.write(manifest);
        store.put(bytes);
        return new Built(bytes, configDescriptor, List.copyOf(blobs.values()));
    }

    /** Every object in a result with a {@code digest} the store holds is a blob to carry along. */
    private static void collectBlobs(BlobStore store, JsonNode node, Map<Digest, Descriptor> blobs) throws IOException {
        if (node.isObject() && node.path("digest").isTextual()) {
            try {
                Digest digest = Digest.parse(node.get("digest").asText());
                if (store.has(digest) && !blobs.containsKey(digest)) {
                    blobs.put(digest, Descriptor.of(node.path("mediaType").asText(BLOB_TYPE), digest, store.size(digest)));
                }
            } catch (IllegalArgumentException notADigest) {
                // some other field called digest
            }
        }
        for (JsonNode child : node) {
            collectBlobs(store, child, blobs);
        }
    }

    /** Reads a cache manifest; refuses anything else. */
    public static Manifest readManifest(byte[] bytes, String where) throws IOException {
        Manifest manifest = OciJson.read(bytes, Manifest.class, where);
        if (manifest.config() == null || !CONFIG_TYPE.equals(manifest.config().mediaType())) {
            throw new IOException(where + ": not a Strata cache (config media type "
                    + (manifest.config() == null ? "missing" : manifest.config().mediaType()) + ")");
        }
        return manifest;
    }

    /** Imports the entries of a cache config into {@code cache}; returns how many. */
    public static int importEntries(StepCache cache, byte[] configBytes, String where) throws IOException {
        int imported = 0;
        for (JsonNode entry : OciJson.tree(configBytes, where + " cache config").path("entries")) {
            JsonNode key = entry.get("key");
            JsonNode result = entry.get("result");
            if (key == null || result == null) {
                continue;
            }
            cache.importEntry(new CacheEntry(CacheKey.of(key), result));
            imported++;
        }
        return imported;
    }
}
