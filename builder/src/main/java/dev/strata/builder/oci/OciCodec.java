package dev.strata.builder.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OCI records' JSON form, written and read by hand. Written: members in the order the
 * image spec (and Docker, for the container config) lists them, absent (null) members left out,
 * maps and the empty-object sets ({@code ExposedPorts}, {@code Volumes}) sorted by key, unknown
 * members kept last, sorted. Read: unknown members kept; scalars coerced as databind does by
 * default (a number where text is expected is its text, a whole number in text is a number).
 */
final class OciCodec {
    private OciCodec() {}

    /** A document that does not have the shape of the record read from it. */
    static final class ShapeException extends IllegalArgumentException {
        ShapeException(String message) {
            super(message);
        }
    }

    // ---- writing

    static void write(JsonGenerator g, ImageConfig c) throws IOException {
        g.writeStartObject();
        string(g, "created", c.created());
        string(g, "author", c.author());
        string(g, "architecture", c.architecture());
        string(g, "os", c.os());
        string(g, "os.version", c.osVersion());
        strings(g, "os.features", c.osFeatures());
        string(g, "variant", c.variant());
        if (c.config() != null) {
            g.writeFieldName("config");
            write(g, c.config());
        }
        g.writeFieldName("rootfs");
        write(g, c.rootfs());
        if (c.history() != null) {
            g.writeArrayFieldStart("history");
            for (History h : c.history()) {
                write(g, h);
            }
            g.writeEndArray();
        }
        extra(g, c.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, ContainerConfig c) throws IOException {
        g.writeStartObject();
        string(g, "User", c.user());
        objectSet(g, "ExposedPorts", c.exposedPorts());
        strings(g, "Env", c.env());
        strings(g, "Entrypoint", c.entrypoint());
        strings(g, "Cmd", c.cmd());
        objectSet(g, "Volumes", c.volumes());
        string(g, "WorkingDir", c.workingDir());
        stringMap(g, "Labels", c.labels());
        string(g, "StopSignal", c.stopSignal());
        if (c.argsEscaped() != null) {
            g.writeBooleanField("ArgsEscaped", c.argsEscaped());
        }
        if (c.healthcheck() != null) {
            g.writeFieldName("Healthcheck");
            write(g, c.healthcheck());
        }
        strings(g, "OnBuild", c.onBuild());
        strings(g, "Shell", c.shell());
        extra(g, c.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Healthcheck h) throws IOException {
        g.writeStartObject();
        strings(g, "Test", h.test());
        number(g, "Interval", h.interval());
        number(g, "Timeout", h.timeout());
        number(g, "StartPeriod", h.startPeriod());
        number(g, "StartInterval", h.startInterval());
        if (h.retries() != null) {
            g.writeNumberField("Retries", h.retries());
        }
        extra(g, h.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, History h) throws IOException {
        g.writeStartObject();
        string(g, "created", h.created());
        string(g, "created_by", h.createdBy());
        string(g, "author", h.author());
        string(g, "comment", h.comment());
        if (h.emptyLayer() != null) {
            g.writeBooleanField("empty_layer", h.emptyLayer());
        }
        extra(g, h.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, RootFs r) throws IOException {
        g.writeStartObject();
        string(g, "type", r.type());
        g.writeArrayFieldStart("diff_ids");
        for (Digest d : r.diffIds()) {
            g.writeString(d.toString());
        }
        g.writeEndArray();
        extra(g, r.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Manifest m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("schemaVersion", m.schemaVersion());
        string(g, "mediaType", m.mediaType());
        string(g, "artifactType", m.artifactType());
        g.writeFieldName("config");
        write(g, m.config());
        descriptors(g, "layers", m.layers());
        if (m.subject() != null) {
            g.writeFieldName("subject");
            write(g, m.subject());
        }
        stringMap(g, "annotations", m.annotations());
        extra(g, m.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Index i) throws IOException {
        g.writeStartObject();
        g.writeNumberField("schemaVersion", i.schemaVersion());
        string(g, "mediaType", i.mediaType());
        string(g, "artifactType", i.artifactType());
        descriptors(g, "manifests", i.manifests());
        if (i.subject() != null) {
            g.writeFieldName("subject");
            write(g, i.subject());
        }
        stringMap(g, "annotations", i.annotations());
        extra(g, i.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Descriptor d) throws IOException {
        g.writeStartObject();
        string(g, "mediaType", d.mediaType());
        string(g, "artifactType", d.artifactType());
        g.writeStringField("digest", d.digest().toString());
        g.writeNumberField("size", d.size());
        strings(g, "urls", d.urls());
        stringMap(g, "annotations", d.annotations());
        if (d.platform() != null) {
            g.writeFieldName("platform");
            write(g, d.platform());
        }
        extra(g, d.extra());
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Platform p) throws IOException {
        g.writeStartObject();
        string(g, "architecture", p.architecture());
        string(g, "os", p.os());
        string(g, "os.version", p.osVersion());
        strings(g, "os.features", p.osFeatures());
        string(g, "variant", p.variant());
        strings(g, "features", p.features());
        extra(g, p.extra());
        g.writeEndObject();
    }

    private static void descriptors(JsonGenerator g, String name, List<Descriptor> list) throws IOException {
        g.writeArrayFieldStart(name);
        for (Descriptor d : list) {
            write(g, d);
        }
        g.writeEndArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }

    private static void stringMap(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        if (map != null) {
            g.writeObjectFieldStart(name);
            for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
                if (e.getValue() == null) {
                    g.writeNullField(e.getKey());
                } else {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        }
    }

    /** Docker's set as an object: {@code {"80/tcp":{}}}. */
    private static void objectSet(JsonGenerator g, String name, Set<String> keys) throws IOException {
        if (keys != null) {
            g.writeObjectFieldStart(name);
            for (String key : new TreeSet<>(keys)) {
                g.writeObjectFieldStart(key);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    private static void extra(JsonGenerator g, Map<String, JsonNode> extra) throws IOException {
        for (Map.Entry<String, JsonNode> e : new TreeMap<>(extra).entrySet()) {
            g.writeFieldName(e.getKey());
            Json.write(g, e.getValue());
        }
    }

    // ---- reading

    static ImageConfig imageConfig(JsonNode node) {
        Members m = new Members(node, "an image config");
        return new ImageConfig(m.text("created"), m.text("author"), m.text("architecture"), m.text("os"), m.text("os.version"),
                m.texts("os.features"), m.text("variant"), m.nested("config", OciCodec::containerConfig),
                m.nested("rootfs", OciCodec::rootFs), m.array("history", OciCodec::history), m.rest());
    }

    static ContainerConfig containerConfig(JsonNode node) {
        Members m = new Members(node, "config");
        return new ContainerConfig(m.text("User"), m.objectSet("ExposedPorts"), m.texts("Env"), m.texts("Entrypoint"),
                m.texts("Cmd"), m.objectSet("Volumes"), m.text("WorkingDir"), m.textMap("Labels"), m.text("StopSignal"),
                m.bool("ArgsEscaped"), m.nested("Healthcheck", OciCodec::healthcheck), m.texts("OnBuild"), m.texts("Shell"),
                m.rest());
    }

    static Healthcheck healthcheck(JsonNode node) {
        Members m = new Members(node, "Healthcheck");
        Long retries = m.whole("Retries");
        return new Healthcheck(m.texts("Test"), m.whole("Interval"), m.whole("Timeout"), m.whole("StartPeriod"),
                m.whole("StartInterval"), retries == null ? null : toInt(retries, "Retries"), m.rest());
    }

    static History history(JsonNode node) {
        Members m = new Members(node, "a history entry");
        return new History(m.text("created"), m.text("created_by"), m.text("author"), m.text("comment"), m.bool("empty_layer"),
                m.rest());
    }

    static RootFs rootFs(JsonNode node) {
        Members m = new Members(node, "rootfs");
        return new RootFs(m.text("type"), m.array("diff_ids", d -> digest(d, "diff_ids")), m.rest());
    }

    static Manifest manifest(JsonNode node) {
        Members m = new Members(node, "a manifest");
        int schemaVersion = m.schemaVersion();
        String mediaType = m.text("mediaType");
        String artifactType = m.text("artifactType");
        Descriptor config = m.nested("config", OciCodec::descriptor);
        if (config == null) {
            throw new ShapeException("a manifest has no config");
        }
        return new Manifest(schemaVersion, mediaType, artifactType, config, m.array("layers", OciCodec::descriptor),
                m.nested("subject", OciCodec::descriptor), m.textMap("annotations"), m.rest());
    }

    static Index index(JsonNode node) {
        Members m = new Members(node, "an index");
        return new Index(m.schemaVersion(), m.text("mediaType"), m.text("artifactType"), m.array("manifests", OciCodec::descriptor),
                m.nested("subject", OciCodec::descriptor), m.textMap("annotations"), m.rest());
    }

    static Descriptor descriptor(JsonNode node) {
        Members m = new Members(node, "a descriptor");
        String mediaType = m.text("mediaType");
        String artifactType = m.text("artifactType");
        Digest digest = digest(m.take("digest"), "digest");
        Long size = m.whole("size");
        if (mediaType == null) {
            throw new ShapeException("a descriptor has no mediaType");
        }
        if (digest == null) {
            throw new ShapeException("a descriptor has no digest");
        }
        return new Descriptor(mediaType, artifactType, digest, size == null ? 0 : size, m.texts("urls"), m.textMap("annotations"),
                m.nested("platform", OciCodec::platform), m.rest());
    }

    static Platform platform(JsonNode node) {
        Members m = new Members(node, "a platform");
        return new Platform(m.text("architecture"), m.text("os"), m.text("os.version"), m.texts("os.features"), m.text("variant"),
                m.texts("features"), m.rest());
    }

    /**
     * An object's members, taken one by one as the record's fields; what is left are the unknown
     * ones. An absent member reads as a JSON null.
     */
    private static final class Members {
        private final Map<String, JsonNode> remaining = new LinkedHashMap<>();

        Members(JsonNode node, String what) {
            OciCodec.object(node, what).fields().forEachRemaining(member -> remaining.put(member.getKey(), member.getValue()));
        }

        JsonNode take(String name) {
            JsonNode value = remaining.remove(name);
            return value == null ? NullNode.getInstance() : value;
        }

        String text(String name) {
            return OciCodec.text(take(name), name);
        }

        List<String> texts(String name) {
            JsonNode v = take(name);
            return v.isNull() ? null : OciCodec.list(v, name, element -> OciCodec.text(element, name));
        }

        Map<String, String> textMap(String name) {
            JsonNode v = take(name);
            if (v.isNull()) {
                return null;
            }
            Map<String, String> map = new TreeMap<>();
            OciCodec.object(v, "\"" + name + "\"").fields().forEachRemaining(member -> map.put(member.getKey(), OciCodec.text(member.getValue(), name)));
            return map;
        }

        /** The keys of Docker's object-as-set; anything but an object is an empty set (as Docker reads it). */
        Set<String> objectSet(String name) {
            JsonNode v = take(name);
            if (v.isNull()) {
                return null;
            }
            Set<String> keys = new TreeSet<>();
            if (v.isObject()) {
                v.fieldNames().forEachRemaining(keys::add);
            }
            return keys;
        }

        Boolean bool(String name) {
            JsonNode v = take(name);
            if (v.isNull()) {
                return null;
            }
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
                return Boolean.valueOf(v.textValue());
            }
            if (v.isIntegralNumber()) {
                return v.asLong() != 0;
            }
            throw new ShapeException("\"" + name + "\" is " + kind(v) + ", not a boolean");
        }

        Long whole(String name) {
            JsonNode v = take(name);
            if (v.isNull()) {
                return null;
            }
            if (v.isNumber() && v.canConvertToLong()) {
                return v.asLong();
            }
            if (v.isTextual()) {
                try {
                    return Long.parseLong(v.textValue().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new ShapeException("\"" + name + "\" is " + kind(v) + ", not a whole number");
        }

        int schemaVersion() {
            Long version = whole("schemaVersion");
            return version == null ? 0 : toInt(version, "schemaVersion");
        }

        <T> T nested(String name, Element<T> reader) {
            JsonNode v = take(name);
            return v.isNull() ? null : reader.read(v);
        }

        <T> List<T> array(String name, Element<T> element) {
            JsonNode v = take(name);
            return v.isNull() ? null : OciCodec.list(v, name, element);
        }

        Map<String, JsonNode> rest() {
            return remaining;
        }
    }

    private static ObjectNode object(JsonNode node, String what) {
        if (node instanceof ObjectNode o) {
            return o;
        }
        throw new ShapeException(what + " is " + kind(node) + ", not an object");
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> "an object";
        };
    }

    private static String text(JsonNode v, String name) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new ShapeException("\"" + name + "\" is " + kind(v) + ", not text");
    }

    private static int toInt(long value, String name) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ShapeException("\"" + name + "\" is out of range");
        }
        return (int) value;
    }

    private static Digest digest(JsonNode v, String name) {
        String text = text(v, name);
        return text == null ? null : Digest.parse(text);
    }

    private interface Element<T> {
        T read(JsonNode node);
    }

    private static <T> List<T> list(JsonNode v, String name, Element<T> element) {
        if (!v.isArray()) {
            throw new ShapeException("\"" + name + "\" is " + kind(v) + ", not an array");
        }
        List<T> list = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (e.isNull()) {
                throw new ShapeException("\"" + name + "\" holds a null");
            }
            list.add(element.read(e));
        }
        return list;
    }
}
