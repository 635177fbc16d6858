package dev.strata.builder.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Compact JSON with every object's keys sorted: the same content always gives the same bytes. */
final class CanonicalJson {
    // Digests appear as their string form (sha256:...), not as records
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("strata-cache")
                    .addSerializer(dev.strata.builder.hash.Digest.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance))
            .build();

    private CanonicalJson() {}

    /** A deep copy of {@code node} whose objects have sorted keys. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode result = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            Collections.sort(names);
            for (String name : names) {
                result.set(name, sorted(node.get(name)));
            }
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = MAPPER.createArrayNode();
            for (JsonNode element : node) {
                result.add(sorted(element));
            }
            return result;
        }
        return node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    static JsonNode parse(byte[] bytes, String what) throws IOException {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(what + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
