package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheEntry;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A step cache shared through a registry ({@code --cache-to/--cache-from type=registry,ref=...}):
 * an OCI image manifest whose config ({@value #CONFIG_TYPE}) lists the step cache entries (key
 * document and result) and whose layers are every blob those results name. Importing copies the
 * entries into the local {@link StepCache} and fetches no layer: {@link #fetchMissing} downloads
 * only the blobs a build actually needs, from the cache repository. Thread-safe.
 */
public final class RegistryCache {
    /** The media type of the cache manifest's config blob. */
    public static final String CONFIG_TYPE = "application/vnd.strata.cache.config.v1+json";
    private static final String BLOB_TYPE = "application/octet-stream";
    /** The cache config lists every step's key document: bigger than an image config may be. */
    private static final long CONFIG_LIMIT = 64L << 20;

    private final BlobStore store;
    private final RegistryOptions options;
    private final LocalRecords records;
    /** Sizes of the blobs imported caches list, so {@link #fetchMissing} stops at each one's size. */
    private final Map<Digest, Long> declaredSizes = new ConcurrentHashMap<>();

    public RegistryCache(BlobStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
        this.records = new LocalRecords(store);
    }

    /** What an import brought: entries added to the step cache, and the blobs they name (not downloaded). */
    public record Imported(int entries, List<Digest> blobs) {
        public Imported {
            blobs = List.copyOf(blobs);
        }
    }

    /**
     * Exports the entries of {@code keys} (those the step cache holds) and the stored blobs their
     * results name to {@code ref}. Blobs the registry has are not uploaded again.
     */
    public PushResult export(StepCache cache, Collection<Digest> keys, ImageReference ref) throws IOException {
        ArrayNode entries = OciJson.mapper().createArrayNode();
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        for (Digest keyDigest : keys) {
            Optional<CacheEntry> entry = cache.entry(keyDigest);
            if (entry.isEmpty()) {
                continue;
            }
            ObjectNode node = entries.addObject();
            node.set("key", entry.get().key().document());
            node.set("result", entry.get().result());
            collectBlobs(entry.get().result(), blobs);
        }
        ObjectNode config = OciJson.mapper().createObjectNode();
        config.put("strataCacheVersion", 1);
        config.set("entries", entries);
        BlobDescriptor configBlob = store.put(OciJson.write(config));
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, Descriptor.of(CONFIG_TYPE, configBlob),
                List.copyOf(blobs.values()), Map.of("dev.strata.cache.entries", Integer.toString(entries.size())));
        byte[] bytes = OciJson.write(manifest);
        store.put(bytes);
        return new RegistryPusher(store, options).push(bytes, List.of(ref), ManifestFormat.OCI);
    }

    /** Every object in a result with a {@code digest} the store holds is a blob to carry along. */
    private void collectBlobs(JsonNode node, Map<Digest, Descriptor> blobs) throws IOException {
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
            collectBlobs(child, blobs);
        }
    }

    /**
     * Imports the cache at {@code ref} into {@code cache}: fetches its manifest and config only,
     * and remembers that {@code ref}'s repository holds the blobs. A cache that does not exist yet
     * imports nothing (BuildKit, too, only warns).
     */
    public Imported importFrom(StepCache cache, ImageReference ref) throws IOException {
        RawManifest raw;
        Manifest manifest;
        byte[] configBytes;
        try (RegistrySession session = RegistrySession.open(ref.registry(), ref.repository(), false, options)) {
            Optional<RawManifest> found = session.manifestIfExists(ref.qualifier());
            if (found.isEmpty()) {
                return new Imported(0, List.of());
            }
            raw = found.get();
            manifest = OciJson.read(raw.bytes(), Manifest.class, ref.toString());
            if (!CONFIG_TYPE.equals(manifest.config().mediaType())) {
                throw new RegistryException(ref + ": not a Strata cache (config media type " + manifest.config().mediaType() + ")");
            }
            Sizes.check(ref, "cache config", manifest.config(), CONFIG_LIMIT);
            if (!store.has(manifest.config().digest())) {
                session.pullBlob(manifest.config().digest(), manifest.config().size(), store);
            }
            configBytes = store.readAllBytes(manifest.config().digest());
        }
        store.put(raw.bytes());
        int imported = 0;
        for (JsonNode entry : OciJson.tree(configBytes, ref + " cache config").path("entries")) {
            JsonNode key = entry.get("key");
            JsonNode result = entry.get("result");
            if (key == null || result == null) {
                continue;
            }
            cache.importEntry(new CacheEntry(CacheKey.of(key), result));
            imported++;
        }
        List<Digest> blobs = new ArrayList<>();
        for (Descriptor layer : manifest.layers()) {
            Sizes.check(ref, "blob", layer, RegistrySession.BLOB_LIMIT);
            records.recordSource(layer.digest(), ref.registry(), ref.repository());
            declaredSizes.put(layer.digest(), layer.size());
            blobs.add(layer.digest());
        }
        return new Imported(imported, blobs);
    }

    /**
     * Downloads those of {@code blobs} the store lacks from a repository known to hold them (an
     * imported cache, or the image they were pulled from). Verified like every pull.
     */
    public void fetchMissing(Collection<Digest> blobs) throws IOException {
        Map<String, List<Digest>> bySource = new LinkedHashMap<>();
        for (Digest digest : blobs) {
            if (store.has(digest)) {
                continue;
            }
            List<String> sources = records.sources(digest);
            if (sources.isEmpty()) {
                throw new RegistryException("blob " + Failures.shortDigest(digest) + " is neither in the store nor in a known registry cache");
            }
            bySource.computeIfAbsent(sources.get(0), k -> new ArrayList<>()).add(digest);
        }
        for (Map.Entry<String, List<Digest>> group : bySource.entrySet()) {
            ImageReference source = ImageReference.parse(group.getKey());
            try (RegistrySession session = RegistrySession.open(source.registry(), source.repository(), false, options)) {
                Parallel.run(group.getValue(), digest -> session.pullBlob(digest, declaredSizes.getOrDefault(digest, -1L), store));
            }
        }
    }
}
