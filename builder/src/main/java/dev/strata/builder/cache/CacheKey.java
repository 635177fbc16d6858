package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A step's cache key: the sha256 of a canonical (sorted keys, compact) JSON document that
 * describes everything the step's result depends on: parent key, platform, the expanded
 * instruction, args and env in scope, digests of every source. The document is kept so a
 * miss can be explained ({@link KeyDiff}), and its canonical bytes so that a lookup compares
 * them with a stored entry's instead of serialising the document again (a COPY of 10,000 files
 * has a 1.3 MB document). Equal when the digests are.
 *
 * <p>A {@linkplain #remembered remembered} key is known by its digest and length, as a
 * {@link StepCache#memo memo} gave them; its document is made only if asked for. Thread-safe.
 */
public final class CacheKey {
    private final Digest digest;
    private final int length;
    private Supplier<Map<String, ?>> pending;
    private JsonNode document;
    private byte[] canonical;

    private CacheKey(Digest digest, JsonNode document, byte[] canonical) {
        this.digest = digest;
        this.length = canonical.length;
        this.document = document;
        this.canonical = canonical;
    }

    private CacheKey(Digest digest, int length, Supplier<Map<String, ?>> document) {
        this.digest = digest;
        this.length = length;
        this.pending = document;
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

    /**
     * A key known to be {@code digest}, of a canonical document of {@code length} bytes, that
     * {@code document} makes when the document itself is needed (to explain a miss, to store a
     * result, {@code --explain-cache}); a document that does not give that digest is a bug.
     */
    public static CacheKey remembered(Digest digest, int length, Supplier<Map<String, ?>> document) {
        return new CacheKey(digest, length, document);
    }

    public Digest digest() {
        return digest;
    }

    /** The length of the canonical bytes. */
    public int length() {
        return length;
    }

    /** The document, its objects' keys sorted. */
    public JsonNode document() {
        made();
        return document;
    }

    /** The document's canonical bytes (what {@link #digest()} hashes). */
    public byte[] canonicalBytes() {
        return bytes().clone();
    }

    /** {@link #canonicalBytes()} without the copy, for this package. */
    byte[] bytes() {
        made();
        return canonical;
    }

    /** Whether the document has been made (always, except for a remembered key not yet asked for it). */
    synchronized boolean hasDocument() {
        return pending == null;
    }

    private synchronized void made() {
        if (pending == null) {
            return;
        }
        CacheKey made = of(pending.get());
        if (!made.digest.equals(digest) || made.length != length) {
            throw new IllegalStateException("the remembered cache key " + digest + " does not match its document (" + made.digest + ")");
        }
        document = made.document;
        canonical = made.canonical;
        pending = null;
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
