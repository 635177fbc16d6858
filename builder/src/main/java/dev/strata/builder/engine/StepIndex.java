package dev.strata.builder.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.steps.StepServices.CachedStep;
import java.io.IOException;
import java.util.Optional;

/**
 * The engine's view of the step cache: a step's result is its layer (digest, diff ID, size,
 * media type) or "no layer". A hit whose blob left the store is a miss. Thread-safe.
 */
final class StepIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore store;
    private final StepCache cache;

    StepIndex(BlobStore store) throws IOException {
        this.store = store;
        this.cache = new StepCache(store);
    }

    StepCache cache() {
        return cache;
    }

    Optional<CachedStep> lookup(CacheKey key) {
        try {
            Optional<JsonNode> found = cache.lookup(key);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = found.get();
            if (!node.hasNonNull("digest")) {
                return Optional.of(new CachedStep(Optional.empty()));
            }
            Layer layer = new Layer(Digest.parse(node.get("digest").asText()), Digest.parse(node.get("diffId").asText()),
                    node.get("size").asLong(), node.get("mediaType").asText());
            return store.has(layer.digest()) ? Optional.of(new CachedStep(Optional.of(layer))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void store(CacheKey key, CachedStep step) {
        ObjectNode node = JSON.createObjectNode();
        step.layer().ifPresent(l -> {
            node.put("digest", l.digest().toString());
            node.put("diffId", l.diffId().toString());
            node.put("size", l.size());
            node.put("mediaType", l.mediaType());
        });
        try {
            cache.store(key, node, null);
        } catch (IOException e) {
            // A cache entry that cannot be written only costs a rebuild next time.
        }
    }
}
