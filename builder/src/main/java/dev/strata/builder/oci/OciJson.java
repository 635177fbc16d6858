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
import java.util.List;
import java.util.Map;

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

    /**
     * Builds the mapper's serialisers and deserialisers for image configs, manifests and indexes by
     * reading and writing one of each, made up. The first use of each type costs tens of
     * milliseconds of reflection, a fifth of a cached rebuild; a front end runs this on a second
     * thread while it parses its own arguments, so that cost overlaps its start-up.
     */
    public static void warmUp() {
        Digest digest = Digest.ofBytes(new byte[0]);
        String epoch = "1970-01-01T00:00:00Z";
        History step = new History(epoch, "COPY a b", null, "buildkit.dockerfile.v0", null, null);
        ImageConfig config = new ImageConfig(epoch, null, "amd64", "linux", null, null, null,
                ContainerConfig.empty().toBuilder().putEnv("A", "b").putEnv("C", "d").putEnv("E", "f").cmd(List.of("c"))
                        .workingDir("/").exposePort("80/tcp").putLabel("l", "v").build(),
                RootFs.of(List.of(digest, digest, digest)), List.of(step, step, step), null);
        Descriptor layer = Descriptor.of("application/vnd.oci.image.layer.v1.tar", digest, 1);
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, Descriptor.of(MediaTypes.OCI_CONFIG, digest, 1),
                List.of(layer, layer, layer), null);
        Index index = Index.of(List.of(new Descriptor(MediaTypes.OCI_MANIFEST, null, digest, 1, null, Map.of("a", "b"),
                Platform.parse("linux/amd64"), null)));
        byte[] configBytes = write(config);
        byte[] manifestBytes = write(manifest);
        byte[] indexBytes = write(index);
        try {
            // records link their equals/hashCode on first call (a method-handle bootstrap each)
            boolean same = read(manifestBytes, Manifest.class, "warm-up").equals(manifest) && manifest.hashCode() != 0
                    && read(indexBytes, Index.class, "warm-up").equals(index)
                    && read(configBytes, ImageConfig.class, "warm-up").rootfs().equals(config.rootfs());
            if (!same) {
                throw new IllegalStateException("an OCI record does not survive a round trip");
            }
        } catch (IOException e) {
            throw new IllegalStateException("an OCI record does not survive a round trip", e);
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
