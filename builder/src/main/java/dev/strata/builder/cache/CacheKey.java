package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.util.Map;

/**
 * A step's cache key: the sha256 of a canonical (sorted keys, compact) JSON document that
 * describes everything the step's result depends on: parent key, platform, the expanded
 * instruction, args and env in scope, digests of every source. The document is kept so a
 * miss can be explained ({@link KeyDiff}), and its canonical bytes so that a lookup compares
 * them with a stored entry's instead of serialising the document again (a COPY of 10,000 files
 * has a 1.3 MB document). Equal when the digests are.
 */
public final class CacheKey {
    private final Digest digest;
    private final JsonNode document;
    private final byte[] canonical;

    private CacheKey(Digest digest, JsonNode document, byte[] canonical) {
        this.digest = digest;
        this.document = document;
        this.canonical = canonical;
    }

    /** The key of {@code document} (maps, lists, strings, numbers, booleans, nulls, JsonNodes; see {@link Json#tree}). */
    public static CacheKey of(Map<String, ?> document) {
        return of(Json.tree(document));
    }

    /** The key of {@code document}. */
    public static CacheKey of(JsonNode document) {
        JsonNode sorted = CanonicalJson.sorted(document);
        byte[] canonical = Json.bytes(sorted);
        return new CacheKey(Digest.ofBytes(canonical), sorted, canonical);
    }

    public Digest digest() {
        return digest;
    }

    /** The document, its objects' keys sorted. */
    public JsonNode document() {
        return document;
    }

    /** The document's canonical bytes (what {@link #digest()} hashes). */
    public byte[] canonicalBytes() {
        return canonical.clone();
    }

    /** {@link #canonicalBytes()} without the copy, for this package. */
    byte[] bytes() {
        return canonical;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey k && digest.equals(k.digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return digest.toString();
    }
}
