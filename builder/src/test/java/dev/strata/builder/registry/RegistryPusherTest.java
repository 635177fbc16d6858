package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real docker-registry and checks the result with skopeo and by pulling it back. */
class RegistryPusherTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path shared;
    static TestImages images;
    static TestRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        images = TestImages.create(shared);
        registry = TestRegistry.start(shared.resolve("registry"));
        images.copy("busybox", registry.host() + "/base/busybox:1");
        images.copy("multi", registry.host() + "/base/multi:1", "--all");
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static PulledImage pullBase(BlobStore store, Path tmp) throws IOException {
        return new RegistryPuller(store, RegistryPullerTest.options(tmp))
                .pull(ImageReference.parse(registry.host() + "/base/busybox:1"), AMD64, PullPolicy.MISSING);
    }

    @Test
    void mountsAcrossRepositoriesAndASecondPushUploadsNothing(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        RegistryPusher pusher = new RegistryPusher(store, RegistryPullerTest.options(tmp));
        List<ImageReference> targets = List.of(ImageReference.parse(registry.host() + "/team/app:1.0"),
                ImageReference.parse(registry.host() + "/team/app:latest"));
        int before = registry.requests().size();

        PushResult first = pusher.push(base.image().manifestBytes(), targets, ManifestFormat.OCI);

        assertEquals(new PushResult(base.manifestDigest(), 0, 2), first, "config and layer mounted from base/busybox");
        List<TestRegistry.Request> log = registry.requests();
        assertEquals(2, log.subList(before, log.size()).stream().filter(TestRegistry.Request::isMount).count());
        for (ImageReference target : targets) {
            assertArrayEquals(base.image().manifestBytes(), TestImages.rawManifest(target.toString()), "manifest pushed byte for byte");
        }
        String inspect = Command.ok("skopeo", "inspect", "--tls-verify=false", "docker://" + targets.get(0));
        assertTrue(inspect.contains("\"Digest\": \"" + base.manifestDigest() + "\""), inspect);

        int between = registry.requests().size();
        PushResult second = pusher.push(base.image().manifestBytes(), targets, ManifestFormat.OCI);
        assertEquals(new PushResult(base.manifestDigest(), 0, 0), second);
        List<TestRegistry.Request> again = registry.requests().subList(between, registry.requests().size());
        assertTrue(again.stream().noneMatch(r -> r.method().equals("POST") || r.method().equals("PATCH") || r.isUpload()),
                again.toString());
    }

    @Test
    void uploadsToAFreshRegistryAndPullsBackTheSameImage(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        try (TestRegistry fresh = TestRegistry.start(tmp.resolve("fresh"))) {
            ImageReference target = ImageReference.parse(fresh.host() + "/app:1");
            PushResult result = new RegistryPusher(store, RegistryPullerTest.options(tmp)).push(base.image().manifestBytes(), List.of(target), ManifestFormat.OCI);
            assertEquals(new PushResult(base.manifestDigest(), 2, 0), result);
            assertEquals(2, fresh.requests().stream().filter(TestRegistry.Request::isUpload).count());

            BlobStore other = BlobStore.open(tmp.resolve("other"));
            PulledImage back = new RegistryPuller(other, RegistryPullerTest.options(tmp)).pull(target, AMD64, PullPolicy.ALWAYS);
            assertArrayEquals(base.image().manifestBytes(), back.image().manifestBytes());
            assertArrayEquals(base.image().configBytes(), back.image().configBytes());
            assertEquals(base.image().manifest().layers(), back.image().manifest().layers());
        }
    }

    @Test
    void convertsToDockerV2s2(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        ImageReference target = ImageReference.parse(registry.host() + "/docker/app:1");
        PushResult result = new RegistryPusher(store, RegistryPullerTest.options(tmp)).push(base.image().manifestBytes(), List.of(target), ManifestFormat.DOCKER);

        String raw = new String(TestImages.rawManifest(target.toString()));
        assertTrue(raw.contains("\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\""), raw);
        assertTrue(raw.contains(MediaTypes.DOCKER_CONFIG) && raw.contains("application/vnd.docker.image.rootfs.diff.tar.gzip"), raw);
        assertEquals(TestImages.digest(target.toString()), result.digest());
        assertTrue(store.has(result.digest()), "the converted manifest is stored too");
        String config = Command.ok("skopeo", "inspect", "--config", "--tls-verify=false", "docker://" + target);
        assertTrue(config.contains("/bin/sh"), config);
    }

    @Test
    void pushesAnIndexWithItsPlatformManifests(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryPuller puller = new RegistryPuller(store, RegistryPullerTest.options(tmp));
        ImageReference multi = ImageReference.parse(registry.host() + "/base/multi:1");
        puller.pull(multi, AMD64, PullPolicy.MISSING);
        puller.pull(multi, Platform.parse("linux/arm64"), PullPolicy.MISSING);
        byte[] index = TestImages.rawManifest(multi.toString());
        try (TestRegistry fresh = TestRegistry.start(tmp.resolve("fresh"))) {
            ImageReference target = ImageReference.parse(fresh.host() + "/multi:2");
            PushResult result = new RegistryPusher(store, RegistryPullerTest.options(tmp)).push(index, List.of(target), ManifestFormat.OCI);
            assertArrayEquals(index, TestImages.rawManifest(target.toString()));
            assertEquals(3, result.uploaded(), "one shared layer, two configs");
            String arm = Command.ok("skopeo", "--override-arch", "arm64", "inspect", "--config", "--tls-verify=false", "docker://" + target);
            assertTrue(arm.contains("\"architecture\": \"arm64\""), arm);
        }
    }

    @Test
    void aRegistryStoppedMidPushGivesAClearErrorAfterRetries(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        TestRegistry doomed = TestRegistry.start(tmp.resolve("doomed"));
        AtomicBoolean stopped = new AtomicBoolean();
        RegistryOptions options = RegistryPullerTest.options(tmp).withListener((direction, blob, done, total) -> {
            if (direction == TransferListener.Direction.PUSH && stopped.compareAndSet(false, true)) {
                doomed.close();
            }
        });
        ImageReference target = ImageReference.parse(doomed.host() + "/app:1");
        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPusher(store, options).push(base.image().manifestBytes(), List.of(target), ManifestFormat.OCI));
        assertTrue(stopped.get());
        assertTrue(e.getMessage().matches("pushing sha256:[0-9a-f]{12}\\.\\. to " + java.util.regex.Pattern.quote(target.name())
                + ": cannot connect \\(Connection refused\\) after 3 attempts"), e.getMessage());
        try (var temps = Files.list(store.tempDir())) {
            assertEquals(0, temps.count(), "no temp file left behind");
        }
        assertTrue(store.has(base.manifestDigest()) && store.has(base.image().configDigest()));
    }

    @Test
    void aFullRegistryAnswering500IsRetriedThenReported(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        try (TestRegistry full = TestRegistry.start(tmp.resolve("full"), TestRegistry.Setup.plain().withStorageLimit(256))) {
            full.fillStorage();
            ImageReference target = ImageReference.parse(full.host() + "/app:1");
            RegistryException e = assertThrows(RegistryException.class, () -> new RegistryPusher(store, RegistryPullerTest.options(tmp))
                    .push(base.image().manifestBytes(), List.of(target), ManifestFormat.OCI));
            // both uploads fail; the first blob of the manifest (the config) is the one reported
            assertEquals("pushing " + Failures.shortDigest(base.image().configDigest()) + " to " + target.name()
                    + ": 500 Internal Server Error: unknown error after 3 attempts", e.getMessage());
            assertEquals(6, full.requests().stream().filter(r -> r.status() == 500).count(), "three attempts for each of two blobs");
        }
    }

    @Test
    void reportsProgressOfEveryBlob(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        java.util.Map<Digest, long[]> last = new java.util.concurrent.ConcurrentHashMap<>();
        RegistryOptions options = RegistryPullerTest.options(tmp).withListener((direction, blob, done, total) -> {
            assertEquals(TransferListener.Direction.PUSH, direction);
            last.put(blob, new long[] {done, total});
        });
        try (TestRegistry fresh = TestRegistry.start(tmp.resolve("fresh"))) {
            new RegistryPusher(store, options).push(base.image().manifestBytes(), List.of(ImageReference.parse(fresh.host() + "/app:1")), ManifestFormat.OCI);
        }
        Digest layer = base.image().manifest().layers().get(0).digest();
        long size = base.image().manifest().layers().get(0).size();
        assertEquals(java.util.Set.of(layer, base.image().configDigest()), last.keySet());
        assertArrayEquals(new long[] {size, size}, last.get(layer));
    }

    @Test
    void aDamagedBlobInTheStoreIsRefusedAndNamedAndNeverPublished(@TempDir Path tmp) throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage base = pullBase(store, tmp);
        Digest layer = base.image().manifest().layers().get(0).digest();
        Path file = store.path(layer);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1; // a flipped bit on disk: same size, other bytes
        file.toFile().setWritable(true);
        Files.write(file, bytes);
        try (TestRegistry fresh = TestRegistry.start(tmp.resolve("fresh"))) {
            ImageReference target = ImageReference.parse(fresh.host() + "/app:1");
            RegistryException e = assertThrows(RegistryException.class, () -> new RegistryPusher(store, RegistryPullerTest.options(tmp))
                    .push(base.image().manifestBytes(), List.of(target), ManifestFormat.OCI));

            assertTrue(e.getMessage().startsWith("pushing " + Failures.shortDigest(layer) + " to " + fresh.host() + "/app: blob " + layer
                    + " in the store "), e.getMessage());
            assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
            assertTrue(fresh.requests().stream().noneMatch(r -> r.method().equals("PUT") && r.uri().contains("/manifests/")),
                    "no manifest names the blob");
            try (RegistrySession session = RegistrySession.open(fresh.host(), "app", false, RegistryPullerTest.options(tmp))) {
                assertTrue(session.blobSize(layer).isEmpty(), "the registry kept nothing under the blob's digest");
            }
        }
    }

    /**
     * A push after {@link RegistryPusher#warmUp} takes over the warm-up's HTTP client: against a
     * plain-HTTP registry it knows already that HTTPS fails and tries no TLS handshake of its own
     * (a fresh client tries two, verified and unverified, before its first request).
     */
    @Test
    void aPushAfterTheWarmUpTriesNoTlsHandshake(@TempDir Path tmp) throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryOptions options = RegistryPullerTest.options(tmp);
        PulledImage base = pullBase(store, tmp);
        try (CountingProxy proxy = new CountingProxy(registry.host())) {
            ImageReference target = ImageReference.parse(proxy.host() + "/warm/app:1");
            RegistryPusher.warmUp(List.of(target), options);
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("strata-registry-warmup")) {
                    thread.join(30_000);
                }
            }
            int afterWarmUp = proxy.tlsAttempts.get();
            assertTrue(afterWarmUp > 0, "the warm-up tried HTTPS first");

            new RegistryPusher(store, options).push(base.image().manifestBytes(), List.of(target), ManifestFormat.OCI);

            assertEquals(afterWarmUp, proxy.tlsAttempts.get(), "the push tried TLS again");
            assertTrue(proxy.connections.get() > afterWarmUp, "the push went through the proxy");
        }
    }
}
