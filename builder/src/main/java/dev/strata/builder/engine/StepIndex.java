package dev.strata.builder.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.steps.StepServices.CachedStep;
import java.io.IOException;
import java.util.Optional;

/**
 * The engine's view of the step cache: a step's result is its layer (digest, diff ID, size,
 * media type) or "no layer". A hit whose blob left the store is a miss. Thread-safe.
 */
final class StepIndex {
    private final BlobStore store;
    private final StepCache cache;
    private final java.util.Set<Digest> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.List<java.util.function.Predicate<Digest>> fetchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    StepIndex(BlobStore store) throws IOException {
        this.store = store;
        this.cache = new StepCache(store);
    }

    /**
     * See {@link DefaultBuilder#warmUp()}: a cache key's JSON tree, its canonical bytes and digest,
     * and the parse of a digest's text, as a lookup does them.
     */
    static void warmUp() {
        // C2 compiles SHA-256's block function to the CPU's SHA instructions only after a few dozen
        // blocks (./strata asks for it early); until then a block costs ~15 times more. 64 blocks
        // here get it compiled before a build's first large hash, e.g. a 1.3 MB key document of a
        // COPY of 10,000 files, which took ~20 ms instead of ~1 ms.
        Digest.ofBytes(new byte[4096]);
        Digest key = CacheKey.of(java.util.Map.of("parent", "", "instruction", java.util.List.of("COPY", "a", "b"), "size", 1)).digest();
        Digest parsed = Digest.parse(key.toString());
        if (!key.equals(parsed) || key.hashCode() != parsed.hashCode()) {
            throw new IllegalStateException("a digest differs from its parsed text");
        }
    }

    StepCache cache() {
        return cache;
    }

    /** Adds a way a hit whose blob is not in the store gets it (an imported registry or local cache); all false: a miss. */
    void fetchMissingWith(java.util.function.Predicate<Digest> fetcher) {
        fetchers.add(fetcher);
    }

    /**
     * The keys of the steps that led to {@code lastKey}, following each key document's parent:
     * one stage's steps, what {@code --cache-to mode=min} exports of the final stage.
     */
    java.util.Set<Digest> chain(String lastKey) {
        java.util.Set<Digest> keys = new java.util.LinkedHashSet<>();
        String current = lastKey;
        while (current != null && current.startsWith("sha256:")) {
            Digest digest;
            try {
                digest = Digest.parse(current);
            } catch (IllegalArgumentException notAKey) {
                break;
            }
            Optional<dev.strata.builder.cache.CacheEntry> entry;
            try {
                entry = cache.entry(digest);
            } catch (IOException e) {
                break;
            }
            if (entry.isEmpty() || !keys.add(digest)) {
                break;
            }
            JsonNode parent = entry.get().key().document().get("parent");
            current = parent == null || !parent.isTextual() ? null : parent.asText();
        }
        return keys;
    }

    /** The keys this build hit or stored: what {@code --cache-to} exports. */
    java.util.Set<Digest> usedKeys() {
        return java.util.Set.copyOf(used);
    }

    Optional<CachedStep> lookup(CacheKey key) {
        try {
            Optional<JsonNode> found = cache.lookup(key);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = found.get();
            if (!node.hasNonNull("digest")) {
                used.add(key.digest());
                return Optional.of(new CachedStep(Optional.empty()));
            }
            Layer stored = new Layer(Digest.parse(node.get("digest").asText()), Digest.parse(node.get("diffId").asText()),
                    node.get("size").asLong(), node.get("mediaType").asText());
            // a tar pruned once a push or export named its compressed form: that form will do
            Layer layer = !store.has(stored.digest()) && stored.compression() == dev.strata.builder.layer.Compression.NONE
                    ? dev.strata.builder.layer.LayerCompressor.remembered(store, stored.diffId()).orElse(stored) : stored;
            if (!store.has(layer.digest()) && fetchers.stream().noneMatch(f -> f.test(layer.digest()))) {
                return Optional.empty();
            }
            used.add(key.digest());
            return Optional.of(new CachedStep(Optional.of(layer)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** See {@link StepCache#memo}; a memo that cannot be read is none. */
    Optional<CacheKey> memo(String identity, Digest fingerprint, java.util.function.Supplier<java.util.Map<String, ?>> document) {
        try {
            return cache.memo(identity, fingerprint, document);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** See {@link StepCache#memoize}; a memo that cannot be written only costs the next build its document. */
    void memoize(String identity, Digest fingerprint, CacheKey key) {
        try {
            cache.memoize(identity, fingerprint, key);
        } catch (IOException e) {
            // the next build makes the key's document
        }
    }

    /** Remembers the key a step used; on a miss, the JSON pointers of what changed since its last build. */
    java.util.List<String> rememberAndExplain(String identity, CacheKey key, boolean miss) {
        try {
            java.util.List<String> changed = java.util.List.of();
            if (miss) {
                Optional<JsonNode> previous = cache.previousDocument(identity);
                if (previous.isPresent()) {
                    changed = dev.strata.builder.cache.MissReasons.of(previous.get(), key.document());
                }
            }
            cache.remember(identity, key);
            return changed;
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    void store(CacheKey key, CachedStep step) {
        ObjectNode node = Json.object();
        step.layer().ifPresent(l -> {
            node.put("digest", l.digest().toString());
            node.put("diffId", l.diffId().toString());
            node.put("size", l.size());
            node.put("mediaType", l.mediaType());
        });
        used.add(key.digest());
        try {
            cache.store(key, node, null);
        } catch (IOException e) {
            // A cache entry that cannot be written only costs a rebuild next time.
        }
    }
}
