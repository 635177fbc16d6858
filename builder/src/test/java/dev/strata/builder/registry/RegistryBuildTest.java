package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole builds through the public API: FROM an image in a real registry, then --push. */
class RegistryBuildTest {
    @TempDir
    static Path shared;
    static TestRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        TestImages images = TestImages.create(shared);
        registry = TestRegistry.start(shared.resolve("registry"));
        images.copy("busybox", registry.host() + "/base/busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Path context(Path tmp) throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.host() + "/base/busybox:1\nCOPY hello.txt /hello.txt\n");
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        return context;
    }

    @Test
    void buildsFromARegistryImageAndPushesTheResult(@TempDir Path tmp) throws IOException {
        Path context = context(tmp);
        String tag = registry.host() + "/team/app:1.0";
        List<BuildEvent> events = new CopyOnWriteArrayList<>();
        BuildRequest request = BuildRequest.builder(context).root(tmp.resolve("root")).tag(tag).push(true)
                .listener(events::add).build();

        BuildResult result = Builder.create().build(request);

        assertEquals(result.manifestDigest(), TestImages.digest(tag).toString());
        com.fasterxml.jackson.databind.JsonNode inspect = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Command.ok("skopeo", "inspect", "--tls-verify=false", "docker://" + tag));
        assertEquals(2, inspect.path("Layers").size(), inspect.toString());
        assertEquals(Digest.ofBytes(Command.ok("skopeo", "inspect", "--config", "--raw", "--tls-verify=false", "docker://" + tag)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), result.imageId());
        assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.LogLine l
                && l.line().equals("pushing manifest for " + tag + "@" + result.manifestDigest() + " done")), events.toString());
        // transfers show as byte progress of their steps: the base pulled by FROM (#1), the push by the export step
        List<BuildEvent.Progress> progress = events.stream().filter(e -> e instanceof BuildEvent.Progress)
                .map(e -> (BuildEvent.Progress) e).toList();
        int exportStep = events.stream().filter(e -> e instanceof BuildEvent.StepStarted s && s.text().equals("exporting to image"))
                .mapToInt(e -> ((BuildEvent.StepStarted) e).step()).findFirst().orElseThrow();
        assertTrue(progress.stream().anyMatch(p -> p.step() == 1 && p.total() > 0 && p.bytes() == p.total()), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.step() == exportStep && p.total() > 0 && p.bytes() == p.total()),
                progress.toString());
        long baseMounts = registry.requests().stream().filter(TestRegistry.Request::isMount).count();
        assertTrue(baseMounts >= 1, "the base layer is mounted from base/busybox, not uploaded");

        int before = registry.requests().size();
        BuildResult again = Builder.create().build(request);
        assertEquals(result.manifestDigest(), again.manifestDigest(), "a reproducible rebuild");
        List<TestRegistry.Request> second = registry.requests().subList(before, registry.requests().size());
        assertTrue(second.stream().noneMatch(r -> r.method().equals("POST") || r.method().equals("PATCH")), second.toString());

        // a second machine (fresh root) pulls the pushed image back, byte for byte
        Path other = Files.createDirectories(tmp.resolve("other-context"));
        Files.writeString(other.resolve("Dockerfile"), "FROM " + tag + "\n");
        BuildResult pulled = Builder.create().build(BuildRequest.builder(other).root(tmp.resolve("root2")).build());
        assertEquals(result.imageId(), pulled.imageId());
        assertEquals(Digest.parse(result.manifestDigest()), Digest.parse(pulled.manifestDigest()));
    }

    @Test
    void pullNeverWithoutTheImageFailsClearly(@TempDir Path tmp) throws IOException {
        BuildRequest request = BuildRequest.builder(context(tmp)).root(tmp.resolve("root"))
                .pullPolicy(dev.strata.builder.api.PullPolicy.NEVER).build();
        BuildException e = assertThrows(BuildException.class, () -> Builder.create().build(request));
        assertTrue(e.getMessage().contains(registry.host() + "/base/busybox:1: the image is not in the local store, and --pull=never forbids fetching it"),
                e.getMessage());
    }

    @Test
    void aSecondMachineImportingTheRegistryCacheGetsEveryStepCached(@TempDir Path tmp) throws IOException {
        Path context = context(tmp);
        dev.strata.builder.api.CacheSpec cache = dev.strata.builder.api.CacheSpec.parse("type=registry,ref=" + registry.host() + "/team/app:buildcache");
        List<BuildEvent> first = new CopyOnWriteArrayList<>();
        BuildResult exported = Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("machine-a"))
                .cacheTo(cache).listener(first::add).build());
        assertTrue(first.stream().anyMatch(e -> e instanceof BuildEvent.LogLine l && l.line().startsWith("exporting cache to " + cache.ref() + "@sha256:")),
                first.toString());

        List<BuildEvent> second = new CopyOnWriteArrayList<>();
        BuildResult imported = Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("machine-b"))
                .cacheFrom(cache).listener(second::add).build());

        assertEquals(exported.manifestDigest(), imported.manifestDigest());
        int copyStep = second.stream().filter(e -> e instanceof BuildEvent.StepStarted s && s.text().startsWith("COPY"))
                .mapToInt(e -> ((BuildEvent.StepStarted) e).step()).findFirst().orElseThrow();
        assertTrue(second.stream().anyMatch(e -> e instanceof BuildEvent.StepCached c && c.step() == copyStep), second.toString());
    }

    @Test
    void anUnreachableCacheIsAWarningNotAFailure(@TempDir Path tmp) throws IOException {
        List<BuildEvent> events = new CopyOnWriteArrayList<>();
        Builder.create().build(BuildRequest.builder(context(tmp)).root(tmp.resolve("root"))
                .cacheFrom(dev.strata.builder.api.CacheSpec.parse("127.0.0.1:1/nothing:here")).listener(events::add).build());
        assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.Warning w
                && w.text().startsWith("cannot import cache 127.0.0.1:1/nothing:here: ")), events.toString());
    }

    @Test
    void formatDockerPushesAV2s2Image(@TempDir Path tmp) throws IOException {
        String tag = registry.host() + "/team/docker-app:1";
        BuildResult result = Builder.create().build(BuildRequest.builder(context(tmp)).root(tmp.resolve("root")).tag(tag).push(true)
                .format(dev.strata.builder.api.ImageFormat.DOCKER).build());
        String raw = new String(TestImages.rawManifest(tag), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\""), raw);
        assertTrue(raw.contains("application/vnd.docker.image.rootfs.diff.tar.gzip") && !raw.contains("vnd.oci"), raw);
        assertEquals(result.manifestDigest(), TestImages.digest(tag).toString());

        BuildException e = assertThrows(BuildException.class, () -> Builder.create().build(BuildRequest.builder(context(tmp))
                .root(tmp.resolve("zstd-root")).compression(dev.strata.builder.api.Compression.ZSTD)
                .format(dev.strata.builder.api.ImageFormat.DOCKER).build()));
        assertTrue(e.getMessage().contains("zstd-compressed, which a Docker v2s2 manifest cannot describe"), e.getMessage());
    }
}
