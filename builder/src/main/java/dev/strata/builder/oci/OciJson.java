package dev.strata.builder.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.strata.builder.hash.Digest;
import java.io.IOException;

/**
 * The one JSON mapper for OCI documents: compact, fields in the records' fixed order, map
 * keys sorted, unknown fields kept. The same record always serialises to the same bytes.
 */
public final class OciJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("strata-oci")
                    .addSerializer(Digest.class, new DigestSerializer())
                    .addDeserializer(Digest.class, new DigestDeserializer()))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OciJson() {}

    /** The shared mapper (thread-safe once configured; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Canonical bytes of {@code value}. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code bytes} as {@code type}; {@code what} names the document in the error. */
    public static <T> T read(byte[] bytes, Class<T> type, String what) throws IOException {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(what + ": invalid " + type.getSimpleName() + " JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Parses {@code bytes} as a tree. */
    public static JsonNode tree(byte[] bytes, String what) throws IOException {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(what + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class DigestSerializer extends JsonSerializer<Digest> {
        @Override
        public void serialize(Digest value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class DigestDeserializer extends JsonDeserializer<Digest> {
        @Override
        public Digest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Digest.parse(parser.getValueAsString());
        }
    }
}
