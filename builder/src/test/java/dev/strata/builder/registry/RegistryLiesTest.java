package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.Builder;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.net.Stall;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a registry that lies (see {@link HostileRegistry}): sizes, endless and trickling
 * bodies, oversized manifests, error texts with terminal escapes. Each is refused in one line naming
 * the image and the digest, without reading more than was declared and without leaving a file.
 */
class RegistryLiesTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final byte[] LAYER = "not really a tar, but a pull never looks inside".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONFIG = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.ofBytes(LAYER) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    private static final Stall SHORT = new Stall(Duration.ofMillis(700), 1024);

    @TempDir
    Path tmp;
    HostileRegistry registry;
    BlobStore store;

    @BeforeEach
    void setUp() throws Exception {
        registry = new HostileRegistry(tmp.resolve("tls"));
        store = BlobStore.open(tmp.resolve("store"));
        registry.blobs.put(Digest.ofBytes(CONFIG).toString(), HostileRegistry.bytes("application/octet-stream", CONFIG));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    /** An image whose only layer has {@code layerDigest} and declares {@code layerSize}. */
    private String image(String tag, Digest layerDigest, long layerSize) {
        return image(tag, Digest.ofBytes(CONFIG), CONFIG.length, layerDigest, layerSize);
    }

    private String image(String tag, Digest config, long configSize, Digest layer, long layerSize) {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":" + configSize + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}]}";
        registry.manifests.put(tag, HostileRegistry.bytes(MediaTypes.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8)));
        return registry.host() + "/lies/app:" + tag;
    }

    private RegistryPuller puller() {
        RegistryOptions options = RegistryOptions.defaults(Map.of("DOCKER_CONFIG", tmp.resolve("no-docker-config").toString()))
                .withRetry(new RegistryOptions.Retry(3, Duration.ofMillis(20), SHORT));
        return new RegistryPuller(store, options);
    }

    private String refused(String image) {
        RegistryException e = assertThrows(RegistryException.class,
                () -> puller().pull(ImageReference.parse(image), AMD64, PullPolicy.MISSING));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private void assertNoPartialBlob() throws IOException {
        try (Stream<Path> files = Files.walk(store.tempDir())) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lock")).toList(),
                    "nothing half-downloaded stays behind");
        }
        assertFalse(store.has(Digest.ofBytes(LAYER)));
    }

    @Test
    void anHonestImagePulls() throws IOException {
        registry.blobs.put(Digest.ofBytes(LAYER).toString(), HostileRegistry.bytes("application/octet-stream", LAYER));
        String image = image("honest", Digest.ofBytes(LAYER), LAYER.length);
        puller().pull(ImageReference.parse(image), AMD64, PullPolicy.MISSING);
        assertTrue(store.has(Digest.ofBytes(LAYER)), "the fixture serves a pullable image");
    }

    @Test
    void anEndlessLayerIsCutAtItsDeclaredSize() throws IOException {
        Digest layer = Digest.sha256("ab".repeat(32));
        registry.blobs.put(layer.toString(), HostileRegistry.endless());
        String message = refused(image("endless", layer, 1 << 20));
        assertTrue(message.startsWith("pulling sha256:abababababab.. from " + registry.host() + "/lies/app: more than the declared size"
                + " (1048576 bytes) was sent"), message);
        assertEquals(1, registry.requests(layer), "a lie is not retried");
        assertTrue(registry.sent(layer) < 32L << 20, "read " + registry.sent(layer) + " bytes of an endless stream");
        assertNoPartialBlob();
    }

    @Test
    void absurdAndNegativeSizesAreRefusedBeforeAnyByteMoves() {
        Digest layer = Digest.ofBytes(LAYER);
        registry.blobs.put(layer.toString(), HostileRegistry.bytes("application/octet-stream", LAYER));
        String huge = image("huge", layer, 1L << 62);
        assertEquals("pulling " + huge + ": layer " + layer + " declares a size of 4611686018427387904 bytes (more than the 1 TiB limit"
                + " for a layer); refusing the image", refused(huge));
        String negative = image("negative", layer, -1);
        assertEquals("pulling " + negative + ": layer " + layer + " declares a size of -1 bytes (negative); refusing the image",
                refused(negative));
        String bigConfig = image("bigconfig", Digest.ofBytes(CONFIG), 5 << 20, layer, LAYER.length);
        assertTrue(refused(bigConfig).contains("config " + Digest.ofBytes(CONFIG) + " declares a size of 5242880 bytes (more than the 4 MiB"
                + " limit for a config)"));
        assertEquals(0, registry.requests(layer));
    }

    @Test
    void aSizeThatDoesNotMatchTheBlobIsRefused() throws IOException {
        Digest layer = Digest.ofBytes(LAYER);
        registry.blobs.put(layer.toString(), HostileRegistry.bytes("application/octet-stream", LAYER));
        String longer = refused(image("longer", layer, LAYER.length + 10));
        assertTrue(longer.endsWith(": the registry sent " + LAYER.length + " bytes, the descriptor declares " + (LAYER.length + 10)), longer);
        assertTrue(longer.contains(layer.shortHex()), longer);
        String shorter = refused(image("shorter", layer, LAYER.length - 10));
        assertTrue(shorter.contains("more than the declared size (" + (LAYER.length - 10) + " bytes) was sent"), shorter);
        assertNoPartialBlob();

        // a blob already stored does not make a lying descriptor acceptable
        store.put(LAYER);
        String stored = image("stored", layer, 1L << 30);
        assertEquals("pulling " + stored + ": the manifest declares 1073741824 bytes for " + layer + ", which has " + LAYER.length
                + " (refusing the image)", refused(stored));
    }

    @Test
    void aManifestOverFourMiBIsRefused() {
        byte[] big = ("{\"schemaVersion\":2,\"padding\":\"" + "x".repeat(5 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        registry.manifests.put("big", HostileRegistry.bytes(MediaTypes.OCI_MANIFEST, big));
        String message = refused(registry.host() + "/lies/app:big");
        assertEquals("pulling " + registry.host() + "/lies/app:big: more than the 4 MiB limit for manifests (4194304 bytes) was sent",
                message);
    }

    @Test
    void aTricklingLayerIsGivenUpOnceAsStalled() throws IOException {
        Digest layer = Digest.sha256("cd".repeat(32));
        registry.blobs.put(layer.toString(), HostileRegistry.trickle(100_000));
        String message = refused(image("trickle", layer, 100_000));
        assertTrue(message.startsWith("pulling sha256:cdcdcdcdcdcd.. from " + registry.host() + "/lies/app: stalled: less than 1024 bytes"
                + " in 0.7s"), message);
        assertEquals(1, registry.requests(layer), "a stall is not retried");
        assertNoPartialBlob();
    }

    @Test
    void registryErrorTextCannotDriveTheTerminal() throws IOException {
        registry.manifests.put("evil", HostileRegistry.json(400,
                "{\"errors\":[{\"code\":\"X\",\"message\":\"\\u001b[2J\\u001b[H\\r\\nbuild succeeded\\u001b]0;title\\u0007\"}]}"));
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.host() + "/lies/app:evil\n");
        BuildRequest request = BuildRequest.builder(context).root(tmp.resolve("root")).build();
        String message = assertThrows(BuildException.class, () -> Builder.create().build(request)).getMessage();
        assertTrue(message.startsWith("Dockerfile:1: "), message);
        assertTrue(message.endsWith(": 400 Bad Request: build succeeded"), message);
        assertTrue(message.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f), message);
    }
}
