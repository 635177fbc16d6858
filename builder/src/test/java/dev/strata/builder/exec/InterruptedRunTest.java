package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the builder (SIGTERM, as Ctrl-C stops it) mid-RUN leaves no container, mount, secret or temporary directory. */
class InterruptedRunTest {
    @Test
    void stoppingTheJvmCleansUp() throws Exception {
        Tools.require("runc");
        Path dir = Files.createTempDirectory("strata-interrupt");
        String secret = "interrupt-secret-" + System.nanoTime();
        try {
            Path base = BusyboxRoot.create(Files.createDirectories(dir.resolve("base")));
            Path store = dir.resolve("store");
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), InterruptedRunMain.class.getName(),
                    store.toString(), base.toString(), secret).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("started") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(log).startsWith("started"), Files.readString(log));
            assertTrue(mountsUnder(dir).size() > 0, "the step's overlay is mounted while it runs");
            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the builder stops");
            assertEquals(List.of(), mountsUnder(dir), "no mount is left");
            try (var left = Files.list(store.resolve("tmp"))) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run-")).toList());
            }
            assertEquals("", Command.run("grep", "-rl", secret, "/dev/shm", store.toString()).output(), "no secret is left");
            assertEquals("", Command.ok("runc", "--root", store.resolve("tmp/runtime-state").toString(), "list", "-q"),
                    "the container is gone");
        } finally {
            Command.run("rm", "-rf", dir.toString());
        }
    }

    private static List<String> mountsUnder(Path dir) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().filter(l -> l.contains(" " + dir + "/")).toList();
    }
}
