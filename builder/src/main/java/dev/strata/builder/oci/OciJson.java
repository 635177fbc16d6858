package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * OCI documents as JSON: compact, members in the records' fixed order, map keys sorted, unknown
 * members kept. The same record always serialises to the same bytes. Records go through
 * {@link OciCodec}, trees through {@link Json}; neither needs databind's mapper, which costs more
 * to start than a cached rebuild's other work.
 */
public final class OciJson {
    private OciJson() {}

    /** Canonical bytes of an OCI record ({@link ImageConfig}, {@link Manifest}, {@link Index}, {@link Descriptor}, {@link Platform}) or a tree. */
    public static byte[] write(Object value) {
        if (value instanceof ImageConfig c) {
            return Json.bytes(g -> OciCodec.write(g, c));
        }
        if (value instanceof Manifest m) {
            return Json.bytes(g -> OciCodec.write(g, m));
        }
        if (value instanceof Index i) {
            return Json.bytes(g -> OciCodec.write(g, i));
        }
        if (value instanceof Descriptor d) {
            return Json.bytes(g -> OciCodec.write(g, d));
        }
        if (value instanceof Platform p) {
            return Json.bytes(g -> OciCodec.write(g, p));
        }
        if (value instanceof JsonNode node) {
            return Json.bytes(node);
        }
        throw new IllegalArgumentException("no JSON form for " + (value == null ? "null" : value.getClass().getName()));
    }

    /** Parses {@code bytes} as {@code type}; {@code what} names the document in the error. */
    public static <T> T read(byte[] bytes, Class<T> type, String what) throws IOException {
        JsonNode tree = tree(bytes, what);
        try {
            Object value;
            if (type == ImageConfig.class) {
                value = OciCodec.imageConfig(tree);
            } else if (type == Manifest.class) {
                value = OciCodec.manifest(tree);
            } else if (type == Index.class) {
                value = OciCodec.index(tree);
            } else if (type == Descriptor.class) {
                value = OciCodec.descriptor(tree);
            } else if (type == Platform.class) {
                value = OciCodec.platform(tree);
            } else {
                throw new IllegalArgumentException("no JSON form for " + type.getName());
            }
            return type.cast(value);
        } catch (IllegalArgumentException e) { // OciCodec.ShapeException, or a bad digest
            throw new IOException(what + ": invalid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }

    /** Parses {@code bytes} as a tree. */
    public static JsonNode tree(byte[] bytes, String what) throws IOException {
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            throw new IOException(what + ": invalid JSON: " + Json.reason(e), e);
        }
    }

    /**
     * Writes and reads an image config, a manifest and an index, made up, so that their code is
     * loaded and linked; a front end runs this on a second thread while it parses its own arguments.
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
            // compared as bytes: a record's generated equals links a method-handle bootstrap on first
            // call, and a build never compares manifests, indexes or configs
            boolean same = Arrays.equals(write(read(manifestBytes, Manifest.class, "warm-up")), manifestBytes)
                    && Arrays.equals(write(read(indexBytes, Index.class, "warm-up")), indexBytes)
                    && Arrays.equals(write(read(configBytes, ImageConfig.class, "warm-up")), configBytes);
            if (!same) {
                throw new IllegalStateException("an OCI record does not survive a round trip");
            }
        } catch (IOException e) {
            throw new IllegalStateException("an OCI record does not survive a round trip", e);
        }
    }
}
