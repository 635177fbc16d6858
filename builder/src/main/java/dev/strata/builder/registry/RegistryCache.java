package dev.strata.builder.registry;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheManifests;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.ManifestFormat;
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
    public static final String CONFIG_TYPE = CacheManifests.CONFIG_TYPE;
    private static final long CONFIG_LIMIT = CacheManifests.CONFIG_LIMIT;

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
        CacheManifests.Built built = CacheManifests.build(store, cache, keys);
        return new RegistryPusher(store, options).push(built.manifest(), List.of(ref), ManifestFormat.OCI);
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
        int imported = CacheManifests.importEntries(cache, configBytes, ref.toString());
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
