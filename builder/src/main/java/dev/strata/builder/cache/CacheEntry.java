package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One step index entry: the key (with its document) and the result the engine stored for it. */
public record CacheEntry(CacheKey key, JsonNode result) {
    public CacheEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
    }
}
