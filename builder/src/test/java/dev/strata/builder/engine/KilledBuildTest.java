package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A build killed with SIGKILL (no shutdown hook runs) in the middle of a RUN with a secret file
 * and an env secret leaves its container running, its overlay mounted and its secrets in
 * /dev/shm; the next build, or a prune, removes all three.
 */
class KilledBuildTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"next build", "prune"})
    void leftoversOfAKilledBuildAreRemoved(String cleaner) throws Exception {
        Tools.require("runc");
        Path layout = BusyboxLayout.create(tmp.resolve("busybox"), "1.0");
        String secret = "killed-build-secret-" + System.nanoTime();
        Path secretFile = TestBuild.write(tmp, "secret.txt", secret);
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN --mount=type=secret,id=file --mount=type=secret,id=env,env=TOKEN echo started; sleep 120
                """);
        Path root = tmp.resolve("store");
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledBuildMain.class.getName(),
                ctx.toString(), root.toString(), layout.toString(), secretFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("started") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(log).contains("started"), Files.readString(log));
            Path state = runtimeState(root);
            long init = initPid(state);
            child.destroyForcibly(); // SIGKILL: no shutdown hook
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));

            assertFalse(mountsUnder(root).isEmpty(), "the killed build's overlay is still mounted");
            assertFalse(secretFilesInShm(secret).isEmpty(), "its secrets are still in /dev/shm");
            assertTrue(Files.exists(Path.of("/proc/" + init)), "its container still runs");

            if (cleaner.equals("prune")) {
                ImageStore.open(root).prune(null, null);
            } else {
                TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN true\n");
                TestBuild.run(ctx, root, b -> b.buildContext(NamedContext.parse("base=oci-layout://" + layout + ":1.0")));
            }
            assertEquals(List.of(), mountsUnder(root), "no mount is left");
            assertEquals(List.of(), secretFilesInShm(secret), "no secret is left in /dev/shm");
            assertEquals("", Command.run("grep", "-rl", secret, root.toString()).output(), "no secret is left in the store");
            assertFalse(Files.exists(state), "the container's state is gone");
            waitGone(init);
            try (Stream<Path> leases = Files.list(root.resolve("tmp/leases"))) {
                assertEquals(List.of(), leases.toList(), "the dead build's directory is gone");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static Path runtimeState(Path root) throws IOException {
        try (Stream<Path> found = Files.find(root.resolve("tmp/leases"), 2, (p, a) -> p.getFileName().toString().equals("runtime-state"))) {
            return found.findFirst().orElseThrow(() -> new AssertionError("no runtime state under " + root));
        }
    }

    private static long initPid(Path state) {
        String id = Command.ok("runc", "--root", state.toString(), "list", "-q").strip();
        String json = Command.ok("runc", "--root", state.toString(), "state", id);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\":\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    private static void waitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the container's process " + pid + " is gone");
    }

    private static List<String> mountsUnder(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().filter(l -> l.contains(" " + dir + "/")).toList();
    }

    private static List<String> secretFilesInShm(String secret) {
        String out = Command.run("grep", "-rl", secret, "/dev/shm").output().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
