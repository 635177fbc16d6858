package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real docker-registry what skopeo pushed there. */
class RegistryPullerTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path shared;
    static TestImages images;
    static TestRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        images = TestImages.create(shared);
        registry = TestRegistry.start(shared.resolve("registry"));
        images.copy("busybox", registry.host() + "/oci/busybox:1");
        images.copy("busybox", registry.host() + "/docker/busybox:1", "--format", "v2s2");
        images.copy("multi", registry.host() + "/multi/busybox:1", "--all");
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    static RegistryOptions options(Path dir) {
        return RegistryOptions.defaults(Map.of("DOCKER_CONFIG", dir.resolve("no-docker-config").toString()))
                .withRetry(new RegistryOptions.Retry(3, Duration.ofMillis(20)));
    }

    @Test
    void pullsAnOciImageByteForByte(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        String name = registry.host() + "/oci/busybox:1";
        PulledImage image = new RegistryPuller(store, options(tmp)).pull(ImageReference.parse(name), AMD64, PullPolicy.MISSING);

        assertArrayEquals(TestImages.rawManifest(name), image.image().manifestBytes());
        assertEquals(TestImages.digest(name), image.manifestDigest());
        assertEquals(MediaTypes.OCI_MANIFEST, image.image().descriptor().mediaType());
        assertEquals(name + "@" + image.manifestDigest(), image.reference().toString());
        assertEquals(1, image.image().manifest().layers().size());
        for (dev.strata.builder.oci.Descriptor blob : image.image().manifest().layers()) {
            assertTrue(store.has(blob.digest()));
            assertEquals(blob.size(), store.size(blob.digest()));
        }
        assertArrayEquals(store.readAllBytes(image.image().configDigest()), image.image().configBytes());
        assertTrue(new String(image.image().configBytes()).contains("\"/bin/sh\""));
    }

    @Test
    void pullsADockerV2s2Image(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        String name = registry.host() + "/docker/busybox:1";
        PulledImage image = new RegistryPuller(store, options(tmp)).pull(ImageReference.parse(name), AMD64, PullPolicy.MISSING);

        assertEquals(MediaTypes.DOCKER_MANIFEST, image.image().descriptor().mediaType());
        assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", image.image().manifest().layers().get(0).mediaType());
        assertArrayEquals(TestImages.rawManifest(name), image.image().manifestBytes());
    }

    @Test
    void resolvesAnIndexToTheRequestedPlatform(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryPuller puller = new RegistryPuller(store, options(tmp));
        ImageReference multi = ImageReference.parse(registry.host() + "/multi/busybox:1");

        PulledImage amd = puller.pull(multi, AMD64, PullPolicy.MISSING);
        PulledImage arm = puller.pull(multi, Platform.parse("linux/arm64/v8"), PullPolicy.MISSING);

        assertNotEquals(amd.manifestDigest(), arm.manifestDigest());
        assertEquals("arm64", arm.image().config().architecture());
        assertEquals(Platform.parse("linux/arm64"), arm.image().descriptor().platform());
        assertTrue(store.has(TestImages.digest(multi.toString())), "the index itself is kept for offline use");
        RegistryException e = assertThrows(RegistryException.class, () -> puller.pull(multi, Platform.parse("linux/s390x"), PullPolicy.MISSING));
        assertEquals(multi + ": no image for platform linux/s390x (the index has linux/amd64, linux/arm64)", e.getMessage());
    }

    @Test
    void storedBlobsAreNotFetchedAgain(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryPuller puller = new RegistryPuller(store, options(tmp));
        ImageReference ref = ImageReference.parse(registry.host() + "/oci/busybox:1");
        puller.pull(ref, AMD64, PullPolicy.MISSING);
        int before = registry.requests().size();

        puller.pull(ref, AMD64, PullPolicy.MISSING);
        assertEquals(before, registry.requests().size(), "missing: a stored tag needs no request");

        puller.pull(ref, AMD64, PullPolicy.ALWAYS);
        var after = registry.requests().subList(before, registry.requests().size());
        assertTrue(after.stream().noneMatch(r -> r.uri().contains("/blobs/")), after.toString());
        assertTrue(after.stream().anyMatch(r -> r.uri().endsWith("/manifests/1")), "always: the tag is looked up");
    }

    @Test
    void neverWithoutALocalCopyFailsClearly(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference ref = ImageReference.parse(registry.host() + "/oci/busybox:1");
        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPuller(store, options(tmp)).pull(ref, AMD64, PullPolicy.NEVER));
        assertEquals(ref + ": the image is not in the local store, and --pull=never forbids fetching it", e.getMessage());
    }

    @Test
    void unknownTagNamesTheImage(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference ref = ImageReference.parse(registry.host() + "/oci/busybox:nope");
        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPuller(store, options(tmp)).pull(ref, AMD64, PullPolicy.MISSING));
        assertEquals("pulling " + ref + ": 404 Not Found: manifest unknown", e.getMessage());
    }

    @Test
    void aCorruptBlobIsRejectedAndNeverStored(@TempDir Path tmp) throws IOException {
        images.copy("busybox", registry.host() + "/corrupt/busybox:1");
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference ref = ImageReference.parse(registry.host() + "/corrupt/busybox:1");
        byte[] raw = TestImages.rawManifest(ref.toString());
        Digest layer = dev.strata.builder.oci.OciJson.read(raw, dev.strata.builder.oci.Manifest.class, "test").layers().get(0).digest();
        Path data = registry.dir().resolve("data/docker/registry/v2/blobs/sha256").resolve(layer.hex().substring(0, 2))
                .resolve(layer.hex()).resolve("data");
        byte[] original = Files.readAllBytes(data);
        byte[] corrupt = original.clone();
        corrupt[corrupt.length / 2] ^= 1;
        Files.write(data, corrupt);
        try {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> new RegistryPuller(store, options(tmp)).pull(ref, AMD64, PullPolicy.MISSING));
            assertTrue(e.getMessage().startsWith("pulling " + Failures.shortDigest(layer) + " from " + ref.name() + ": "), e.getMessage());
            assertFalse(store.has(layer));
            try (var temps = Files.list(store.tempDir())) {
                assertEquals(0, temps.count(), "no temp file left behind");
            }
        } finally {
            Files.write(data, original);
        }
    }

    @Test
    void aStoredTagOrDigestNeedsNoRegistry(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryPuller puller = new RegistryPuller(store, options(tmp));
        ImageReference tag;
        PulledImage first;
        try (TestRegistry gone = TestRegistry.start(tmp.resolve("gone"))) {
            images.copy("busybox", gone.host() + "/app:1");
            tag = ImageReference.parse(gone.host() + "/app:1");
            first = puller.pull(tag, AMD64, PullPolicy.MISSING);
        }
        assertEquals(first.reference(), puller.pull(tag, AMD64, PullPolicy.MISSING).reference(), "the registry is gone");
        assertArrayEquals(first.image().manifestBytes(), puller.pull(tag, AMD64, PullPolicy.NEVER).image().manifestBytes());
        ImageReference pinned = ImageReference.parse(tag.name() + "@" + first.manifestDigest());
        assertEquals(first.manifestDigest(), puller.pull(pinned, AMD64, PullPolicy.ALWAYS).manifestDigest(),
                "a stored digest is never fetched again, even with --pull=always");

        RegistryException e = assertThrows(RegistryException.class, () -> puller.pull(tag, AMD64, PullPolicy.ALWAYS));
        assertEquals("pulling from " + tag.name() + ": cannot connect (Connection refused) after 3 attempts", e.getMessage());
    }
}
