package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.util.Map;
import java.util.Objects;

/**
 * A step's cache key: the sha256 of a canonical (sorted keys, compact) JSON document that
 * describes everything the step's result depends on: parent key, platform, the expanded
 * instruction, args and env in scope, digests of every source. The document is kept so a
 * miss can be explained ({@link KeyDiff}).
 */
public record CacheKey(Digest digest, JsonNode document) {
    public CacheKey {
        Objects.requireNonNull(digest, "digest");
        document = CanonicalJson.sorted(Objects.requireNonNull(document, "document"));
    }

    /** The key of {@code document} (maps, lists, strings, numbers, booleans, nulls, JsonNodes; see {@link Json#tree}). */
    public static CacheKey of(Map<String, ?> document) {
        return of(Json.tree(document));
    }

    /** The key of {@code document}. */
    public static CacheKey of(JsonNode document) {
        JsonNode sorted = CanonicalJson.sorted(document);
        return new CacheKey(Digest.ofBytes(CanonicalJson.bytes(sorted)), sorted);
    }

    /** The document's canonical bytes (what {@link #digest()} hashes). */
    public byte[] canonicalBytes() {
        return CanonicalJson.bytes(document);
    }

    @Override
    public String toString() {
        return digest.toString();
    }
}
