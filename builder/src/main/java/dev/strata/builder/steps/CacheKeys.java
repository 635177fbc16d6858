package dev.strata.builder.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache key of a step: sha256 of a canonical (sorted-key) JSON document holding the parent
 * key, the platform, the expanded instruction, the args and env in scope and the digests of the
 * sources. Keep the document to explain a miss.
 */
public final class CacheKeys {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CacheKeys() {}

    /** The canonical JSON of {@code doc}. */
    public static String canonical(Map<String, ?> doc) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cache key document not serialisable", e);
        }
    }

    /** {@code sha256:<hex>} of the canonical document. */
    public static String of(Map<String, ?> doc) {
        return sha256(canonical(doc));
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
