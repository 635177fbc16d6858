package dev.strata.builder.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Docker's set-as-object encoding ({@code "ExposedPorts": {"80/tcp": {}}}) as a sorted set of keys. */
final class EmptyObjectSet {
    private EmptyObjectSet() {}

    static final class Serializer extends JsonSerializer<Set<String>> {
        @Override
        public void serialize(Set<String> keys, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            for (String key : new TreeSet<>(keys)) {
                gen.writeFieldName(key);
                gen.writeStartObject();
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
    }

    static final class Deserializer extends JsonDeserializer<Set<String>> {
        @Override
        public Set<String> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            Set<String> keys = new TreeSet<>();
            if (node != null && node.isObject()) {
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    keys.add(names.next());
                }
            }
            return keys;
        }
    }
}
