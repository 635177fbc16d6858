package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RUN --mount with real runc: cache, secret, bind, tmpfs. */
class RunMountsTest {
    static final String SECRET = "s3cr3t-value-7f9a1c";

    static Path store;
    static Path base;
    static Path context;
    static RunExecutor executor;

    static final MountSources SOURCES = new MountSources() {
        @Override
        public BindSource bindSource(String from, String source) {
            return BindSource.of(context.resolve(source));
        }

        @Override
        public Optional<byte[]> secret(String id) {
            return id.equals("token") ? Optional.of(SECRET.getBytes(StandardCharsets.UTF_8)) : Optional.empty();
        }
    };

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("runc");
        store = Files.createTempDirectory("strata-mount-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        context = Files.createDirectories(store.resolve("context/src"));
        Files.writeString(context.resolve("input.txt"), "from context");
        executor = new RunExecutor(ExecOptions.of(store.resolve("store")));
    }

    @AfterAll
    static void tearDown() {
        if (executor != null) {
            executor.close();
        }
        if (store != null) {
            Command.ok("rm", "-rf", store.toString());
        }
    }

    static RunOutcome run(String script, List<String> out, String... mounts) throws Exception {
        List<MountSpec> specs = new ArrayList<>();
        for (String m : mounts) {
            specs.add(MountSpec.parse(m));
        }
        RunRequest request = RunRequest.of(List.of("/bin/sh", "-c", script), List.of(), "/", "").withMounts(specs, SOURCES);
        return executor.run(List.of(base), request, out::add);
    }

    static List<String> paths(RunOutcome outcome) {
        return outcome.changes().stream().map(LayerEntry::tarName).sorted().toList();
    }

    @Test
    void cacheMountPersistsBetweenStepsAndStaysOutOfTheLayer() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome first = run("echo kept > /var/cache/apt/x && echo done", out, "type=cache,target=/var/cache/apt")) {
            assertEquals(List.of(), paths(first), "neither the cache's content nor its mount point is in the layer");
        }
        try (RunOutcome second = run("cat /var/cache/apt/x", out, "type=cache,target=/var/cache/apt")) {
            assertEquals(List.of("done", "kept"), out);
        }
        out.clear();
        try (RunOutcome other = run("ls /var/cache/apt | wc -l", out, "type=cache,target=/var/cache/apt,id=other")) {
            assertEquals(List.of("0"), out, "another id is another cache");
        }
    }

    @Test
    void lockedCacheMountsAreUsedOneAtATimeAndPrivateOnesAreSeparate() throws Exception {
        String script = "if [ -e /c/busy ]; then echo collision; fi; touch /c/busy; sleep 0.5; rm /c/busy; ls /c | wc -l";
        assertEquals(List.of("0", "0"), twoAtOnce(script, "type=cache,target=/c,id=lock-test,sharing=locked"));
        List<String> priv = twoAtOnce("touch /c/mine; sleep 0.5; ls /c | wc -l", "type=cache,target=/c,id=priv-test,sharing=private");
        assertEquals(List.of("1", "1"), priv, "each concurrent private user sees only its own file");
    }

    private static List<String> twoAtOnce(String script, String mount) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> out = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(pool.submit(() -> {
                    try (RunOutcome r = run(script, out, mount)) {
                        return null;
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secretIsReadableButAppearsInNoLayerEntryAndNowhereInTheStore() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome run = run("cat /run/secrets/token; echo; stat -c '%a %u' /run/secrets/token; cp /run/secrets/token /tmp/leak 2>/dev/null;"
                + " echo $TOKEN_ENV > /tmp/env-leak; true", out,
                "type=secret,id=token", "type=secret,id=token,env=TOKEN_ENV,target=/etc/tok")) {
            assertEquals(List.of(SECRET, "400 0"), out);
            for (LayerEntry entry : run.changes()) {
                assertFalse(entry.path().startsWith("run"), "no mount point in the layer: " + entry.path());
                assertFalse(entry.path().equals("etc/tok"), "no mount point in the layer: " + entry.path());
            }
            // The command itself copied the secret into /tmp: that is its choice, as in Docker. Prove the
            // mount machinery leaks nothing else: only those two copies hold the value.
            List<String> holders = Command.run("grep", "-rl", SECRET, store.resolve("store").toString()).output().lines().toList();
            assertEquals("", Command.run("grep", "-rl", SECRET, "/dev/shm").output(), "secret files and the runtime config are gone");
            assertEquals(List.of(run.diffDir().resolve("tmp/env-leak").toString(), run.diffDir().resolve("tmp/leak").toString()),
                    holders.stream().sorted().toList());
        }
        try (RunOutcome clean = run("test -s /run/secrets/token && echo mounted", out, "type=secret,id=token")) {
            assertEquals(List.of(), paths(clean));
        }
        String anywhere = Command.run("grep", "-rl", SECRET, store.resolve("store").toString(), "/dev/shm").output();
        assertEquals("", anywhere, "after the steps the secret is nowhere in the store or in /dev/shm");
    }

    @Test
    void missingRequiredSecretFailsClearlyAndOptionalOnesAreSkipped() throws Exception {
        ExecException e = assertThrows(ExecException.class, () -> run("true", new ArrayList<>(), "type=secret,id=nope,required"));
        assertEquals("secret nope not found (pass it with --secret id=nope,src=FILE)", e.getMessage());
        List<String> out = new ArrayList<>();
        try (RunOutcome r = run("test -e /run/secrets/nope || echo absent", out, "type=secret,id=nope")) {
            assertEquals(List.of("absent"), out);
        }
    }

    @Test
    void bindMountsAreReadOnlyUnlessRwAndRwChangesAreDiscarded() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome r = run("cat /src/input.txt; echo; (echo x > /src/new) 2>/dev/null || echo read-only", out,
                "type=bind,source=.,target=/src")) {
            assertEquals(List.of("from context", "read-only"), out);
            assertEquals(List.of(), paths(r));
        }
        out.clear();
        try (RunOutcome r = run("echo changed > /src/input.txt && cat /src/input.txt && cp /src/input.txt /copied", out,
                "type=bind,source=.,target=/src,rw")) {
            assertEquals(List.of("changed"), out);
            assertEquals(List.of("copied"), paths(r));
        }
        assertEquals("from context", Files.readString(context.resolve("input.txt")), "rw bind changes are discarded");
        try (var left = Files.list(context)) {
            assertEquals(1, left.count());
        }
    }

    @Test
    void tmpfsContentIsNotInTheLayer() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome r = run("echo x > /scratch/file && df /scratch | tail -1 | awk '{print $1}'", out,
                "type=tmpfs,target=/scratch,size=1m")) {
            assertEquals(List.of("tmpfs"), out);
            assertEquals(List.of(), paths(r));
        }
    }

    @Test
    void everyMountKindTogetherLeavesOnlyTheCommandsOwnChanges() throws Exception {
        try (RunOutcome r = run("echo mine > /mine", new ArrayList<>(), "type=cache,target=/a/b/c", "type=tmpfs,target=/t",
                "type=secret,id=token,target=/deep/secret/here", "type=bind,source=.,target=/etc/ctx")) {
            assertEquals(List.of("mine"), paths(r));
        }
    }
}
