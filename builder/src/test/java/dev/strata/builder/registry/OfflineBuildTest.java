package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.api.PullPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code BuildRequest.offline} ({@code mvn -o}): what is stored is used, the registry never hears from the build. */
class OfflineBuildTest {
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

    private static Path context(Path tmp, String dockerfile) throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.host() + "/base/busybox:1\n" + dockerfile);
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        return context;
    }

    private static BuildException fails(BuildRequest request) throws IOException {
        int before = registry.requests().size();
        BuildException e = assertThrows(BuildException.class, () -> Builder.create().build(request));
        assertEquals(before, registry.requests().size(), "the registry heard from an offline build: " + e.getMessage());
        return e;
    }

    @Test
    void aBaseImageNotInTheStoreIsNotPulled(@TempDir Path tmp) throws IOException {
        BuildRequest request = BuildRequest.builder(context(tmp, "COPY hello.txt /\n")).root(tmp.resolve("root")).offline(true).build();
        BuildException e = fails(request);
        assertEquals("Dockerfile:1: image \"" + registry.host() + "/base/busybox:1\" is not in the local store, and offline:"
                + " pulling it would need the network (run without offline mode)", e.getMessage());
    }

    @Test
    void aStoredBaseImageIsUsedEvenUnderPullAlways(@TempDir Path tmp) throws IOException {
        Path context = context(tmp, "COPY hello.txt /\n");
        BuildResult online = Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("root")).build());

        int before = registry.requests().size();
        BuildResult offline = Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("root")).offline(true)
                .pullPolicy(PullPolicy.ALWAYS).noCache(true).build());
        assertEquals(online.manifestDigest(), offline.manifestDigest());
        assertEquals(before, registry.requests().size(), registry.requests().subList(before, registry.requests().size()).toString());
    }

    @Test
    void pushesAndCacheExportsAreRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path context = context(tmp, "COPY hello.txt /\n");
        String tag = registry.host() + "/team/app:1";
        BuildException push = fails(BuildRequest.builder(context).root(tmp.resolve("root")).tag(tag).push(true).offline(true).build());
        assertEquals("offline: pushing the image would need the network (run without offline mode)", push.getMessage());

        BuildException output = fails(BuildRequest.builder(context).root(tmp.resolve("root")).tag(tag).offline(true)
                .output(new OutputSpec(OutputSpec.Type.REGISTRY, Optional.empty(), true, Optional.empty())).build());
        assertEquals(push.getMessage(), output.getMessage());
        BuildException image = fails(BuildRequest.builder(context).root(tmp.resolve("root")).tag(tag).offline(true)
                .output(OutputSpec.parse("type=image,push=true")).build());
        assertEquals(push.getMessage(), image.getMessage());

        String cache = registry.host() + "/team/app:cache";
        BuildException cacheTo = fails(BuildRequest.builder(context).root(tmp.resolve("root")).offline(true)
                .cacheTo(CacheSpec.parse("type=registry,ref=" + cache)).build());
        assertEquals("offline: exporting the cache to " + cache + " would need the network (run without offline mode)",
                cacheTo.getMessage());
        assertTrue(Files.notExists(tmp.resolve("root")), "nothing was started");
    }

    @Test
    void addOfAUrlIsRefusedNamingTheLineAndCacheImportsAreSkipped(@TempDir Path tmp) throws IOException {
        Path context = context(tmp, "COPY hello.txt /\n");
        Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("root")).build());

        String url = "http://user:secret@" + registry.host() + "/v2/";
        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.host() + "/base/busybox:1\nADD " + url + " /x\n");
        BuildException e = fails(BuildRequest.builder(context).root(tmp.resolve("root")).offline(true).build());
        assertEquals("Dockerfile:2: ADD http://xxxxx:xxxxx@" + registry.host() + "/v2/: offline: downloading it would need"
                + " the network (run without offline mode)", e.getMessage());

        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.host() + "/base/busybox:1\nCOPY hello.txt /\n");
        List<BuildEvent> events = new CopyOnWriteArrayList<>();
        int before = registry.requests().size();
        Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("root")).offline(true).listener(events::add)
                .cacheFrom(CacheSpec.parse("type=registry,ref=" + registry.host() + "/team/app:cache")).build());
        assertEquals(before, registry.requests().size());
        assertTrue(events.contains(new BuildEvent.Warning("", 0, "offline: registry caches (--cache-from) are not imported")),
                events.toString());
    }
}
