package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Compact JSON with every object's keys sorted: the same content always gives the same bytes. */
final class CanonicalJson {
    private CanonicalJson() {}

    /** A deep copy of {@code node} whose objects have sorted keys. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode result = Json.object();
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
            ArrayNode result = Json.array();
            for (JsonNode element : node) {
                result.add(sorted(element));
            }
            return result;
        }
        return node;
    }

    static byte[] bytes(JsonNode node) {
        return Json.bytes(sorted(node));
    }

    static JsonNode parse(byte[] bytes, String what) throws IOException {
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            throw new IOException(what + ": invalid JSON: " + e.getMessage(), e);
        }
    }
}
