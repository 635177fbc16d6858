package dev.strata.builder.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
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
        ObjectNode o = object(node, "an image config");
        String created = null, author = null, architecture = null, os = null, osVersion = null, variant = null;
        List<String> osFeatures = null;
        ContainerConfig config = null;
        RootFs rootfs = null;
        List<History> history = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            switch (m.getKey()) {
                case "created" -> created = text(v, "created");
                case "author" -> author = text(v, "author");
                case "architecture" -> architecture = text(v, "architecture");
                case "os" -> os = text(v, "os");
                case "os.version" -> osVersion = text(v, "os.version");
                case "os.features" -> osFeatures = texts(v, "os.features");
                case "variant" -> variant = text(v, "variant");
                case "config" -> config = v.isNull() ? null : containerConfig(v);
                case "rootfs" -> rootfs = v.isNull() ? null : rootFs(v);
                case "history" -> history = v.isNull() ? null : list(v, "history", OciCodec::history);
                default -> extra.put(m.getKey(), v);
            }
        }
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs, history, extra);
    }

    static ContainerConfig containerConfig(JsonNode node) {
        ObjectNode o = object(node, "config");
        String user = null, workingDir = null, stopSignal = null;
        Set<String> exposedPorts = null, volumes = null;
        List<String> env = null, entrypoint = null, cmd = null, onBuild = null, shell = null;
        Map<String, String> labels = null;
        Boolean argsEscaped = null;
        Healthcheck healthcheck = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "User" -> user = text(v, k);
                case "ExposedPorts" -> exposedPorts = objectSet(v);
                case "Env" -> env = texts(v, k);
                case "Entrypoint" -> entrypoint = texts(v, k);
                case "Cmd" -> cmd = texts(v, k);
                case "Volumes" -> volumes = objectSet(v);
                case "WorkingDir" -> workingDir = text(v, k);
                case "Labels" -> labels = textMap(v, k);
                case "StopSignal" -> stopSignal = text(v, k);
                case "ArgsEscaped" -> argsEscaped = bool(v, k);
                case "Healthcheck" -> healthcheck = v.isNull() ? null : healthcheck(v);
                case "OnBuild" -> onBuild = texts(v, k);
                case "Shell" -> shell = texts(v, k);
                default -> extra.put(k, v);
            }
        }
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    static Healthcheck healthcheck(JsonNode node) {
        ObjectNode o = object(node, "Healthcheck");
        List<String> test = null;
        Long interval = null, timeout = null, startPeriod = null, startInterval = null;
        Integer retries = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "Test" -> test = texts(v, k);
                case "Interval" -> interval = whole(v, k);
                case "Timeout" -> timeout = whole(v, k);
                case "StartPeriod" -> startPeriod = whole(v, k);
                case "StartInterval" -> startInterval = whole(v, k);
                case "Retries" -> retries = intValue(v, k);
                default -> extra.put(k, v);
            }
        }
        return new Healthcheck(test, interval, timeout, startPeriod, startInterval, retries, extra);
    }

    static History history(JsonNode node) {
        ObjectNode o = object(node, "a history entry");
        String created = null, createdBy = null, author = null, comment = null;
        Boolean emptyLayer = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "created" -> created = text(v, k);
                case "created_by" -> createdBy = text(v, k);
                case "author" -> author = text(v, k);
                case "comment" -> comment = text(v, k);
                case "empty_layer" -> emptyLayer = bool(v, k);
                default -> extra.put(k, v);
            }
        }
        return new History(created, createdBy, author, comment, emptyLayer, extra);
    }

    static RootFs rootFs(JsonNode node) {
        ObjectNode o = object(node, "rootfs");
        String type = null;
        List<Digest> diffIds = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            switch (m.getKey()) {
                case "type" -> type = text(v, "type");
                case "diff_ids" -> diffIds = v.isNull() ? null : list(v, "diff_ids", d -> digest(d, "diff_ids"));
                default -> extra.put(m.getKey(), v);
            }
        }
        return new RootFs(type, diffIds, extra);
    }

    static Manifest manifest(JsonNode node) {
        ObjectNode o = object(node, "a manifest");
        int schemaVersion = 0;
        String mediaType = null, artifactType = null;
        Descriptor config = null, subject = null;
        List<Descriptor> layers = null;
        Map<String, String> annotations = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "schemaVersion" -> schemaVersion = v.isNull() ? 0 : intValue(v, k);
                case "mediaType" -> mediaType = text(v, k);
                case "artifactType" -> artifactType = text(v, k);
                case "config" -> config = v.isNull() ? null : descriptor(v);
                case "layers" -> layers = v.isNull() ? null : list(v, k, OciCodec::descriptor);
                case "subject" -> subject = v.isNull() ? null : descriptor(v);
                case "annotations" -> annotations = textMap(v, k);
                default -> extra.put(k, v);
            }
        }
        if (config == null) {
            throw new ShapeException("a manifest has no config");
        }
        return new Manifest(schemaVersion, mediaType, artifactType, config, layers, subject, annotations, extra);
    }

    static Index index(JsonNode node) {
        ObjectNode o = object(node, "an index");
        int schemaVersion = 0;
        String mediaType = null, artifactType = null;
        Descriptor subject = null;
        List<Descriptor> manifests = null;
        Map<String, String> annotations = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "schemaVersion" -> schemaVersion = v.isNull() ? 0 : intValue(v, k);
                case "mediaType" -> mediaType = text(v, k);
                case "artifactType" -> artifactType = text(v, k);
                case "manifests" -> manifests = v.isNull() ? null : list(v, k, OciCodec::descriptor);
                case "subject" -> subject = v.isNull() ? null : descriptor(v);
                case "annotations" -> annotations = textMap(v, k);
                default -> extra.put(k, v);
            }
        }
        return new Index(schemaVersion, mediaType, artifactType, manifests, subject, annotations, extra);
    }

    static Descriptor descriptor(JsonNode node) {
        ObjectNode o = object(node, "a descriptor");
        String mediaType = null, artifactType = null;
        Digest digest = null;
        long size = 0;
        List<String> urls = null;
        Map<String, String> annotations = null;
        Platform platform = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "mediaType" -> mediaType = text(v, k);
                case "artifactType" -> artifactType = text(v, k);
                case "digest" -> digest = digest(v, k);
                case "size" -> size = v.isNull() ? 0 : whole(v, k);
                case "urls" -> urls = texts(v, k);
                case "annotations" -> annotations = textMap(v, k);
                case "platform" -> platform = v.isNull() ? null : platform(v);
                default -> extra.put(k, v);
            }
        }
        if (mediaType == null) {
            throw new ShapeException("a descriptor has no mediaType");
        }
        if (digest == null) {
            throw new ShapeException("a descriptor has no digest");
        }
        return new Descriptor(mediaType, artifactType, digest, size, urls, annotations, platform, extra);
    }

    static Platform platform(JsonNode node) {
        ObjectNode o = object(node, "a platform");
        String architecture = null, os = null, osVersion = null, variant = null;
        List<String> osFeatures = null, features = null;
        Map<String, JsonNode> extra = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String k = m.getKey();
            switch (k) {
                case "architecture" -> architecture = text(v, k);
                case "os" -> os = text(v, k);
                case "os.version" -> osVersion = text(v, k);
                case "os.features" -> osFeatures = texts(v, k);
                case "variant" -> variant = text(v, k);
                case "features" -> features = texts(v, k);
                default -> extra.put(k, v);
            }
        }
        return new Platform(architecture, os, osVersion, osFeatures, variant, features, extra);
    }

    /** {@code p} as the tree its JSON form parses to (cache keys hold the platform so). */
    static ObjectNode tree(Platform p) {
        ObjectNode o = Json.object();
        putText(o, "architecture", p.architecture());
        putText(o, "os", p.os());
        putText(o, "os.version", p.osVersion());
        putTexts(o, "os.features", p.osFeatures());
        putText(o, "variant", p.variant());
        putTexts(o, "features", p.features());
        new TreeMap<>(p.extra()).forEach(o::set);
        return o;
    }

    private static void putText(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putTexts(ObjectNode o, String name, List<String> values) {
        if (values != null) {
            values.forEach(o.putArray(name)::add);
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

    private static List<String> texts(JsonNode v, String name) {
        if (v.isNull()) {
            return null;
        }
        return list(v, name, element -> {
            String s = text(element, name);
            if (s == null) {
                throw new ShapeException("\"" + name + "\" holds a null");
            }
            return s;
        });
    }

    private static Map<String, String> textMap(JsonNode v, String name) {
        if (v.isNull()) {
            return null;
        }
        Map<String, String> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(v, "\"" + name + "\"").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            map.put(m.getKey(), text(m.getValue(), name));
        }
        return map;
    }

    /** The keys of Docker's object-as-set; anything but an object is an empty set (as Docker reads it). */
    private static Set<String> objectSet(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        Set<String> keys = new TreeSet<>();
        if (v.isObject()) {
            v.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    private static Boolean bool(JsonNode v, String name) {
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

    private static Long whole(JsonNode v, String name) {
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

    private static Integer intValue(JsonNode v, String name) {
        Long value = whole(v, name);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw new ShapeException("\"" + name + "\" is out of range");
        }
        return value == null ? null : value.intValue();
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
