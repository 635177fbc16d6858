package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.DebianBase;
import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real-world check, opt-in (slow, needs Debian's mirror): {@code STRATA_SLOW_TESTS=1}. A
 * debootstrap minbase bookworm root (127 MB, the cached {@link DebianBase}) as the lower layer;
 * {@code RUN apt-get install curl};
 * {@code curl --version} in the next step; the overhead of {@code RUN true} on that root.
 */
class DebianRunTest {
    @Test
    void aptGetInstallCurlOnDebian() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("STRATA_SLOW_TESTS")), "opt-in: set STRATA_SLOW_TESTS=1");
        Tools.require("runc");
        Path dir = Files.createTempDirectory("strata-debian");
        try (RunExecutor executor = new RunExecutor(ExecOptions.of(dir.resolve("store")))) {
            long t0 = System.nanoTime();
            Path root = DebianBase.rootfs(); // made once per machine, then reused (read-only lower directory)
            System.out.printf("debian root: %.1f s%n", (System.nanoTime() - t0) / 1e9);

            List<String> out = new ArrayList<>();
            long t1 = System.nanoTime();
            RunRequest install = RunRequest.of(List.of("/bin/sh", "-c",
                    "apt-get update && apt-get install -y --no-install-recommends curl"), List.of("DEBIAN_FRONTEND=noninteractive"), "/", "");
            Path upper;
            try (RunOutcome run = executor.run(List.of(root), install, out::add)) {
                System.out.printf("RUN apt-get install curl: %.1f s, %d entries%n", (System.nanoTime() - t1) / 1e9, run.changes().size());
                upper = Files.move(run.diffDir(), dir.resolve("curl-layer"));
            }
            out.clear();
            try (RunOutcome run = executor.run(List.of(upper, root), RunRequest.of(List.of("curl", "--version"), List.of(), "/", ""), out::add)) {
                assertTrue(out.get(0).startsWith("curl 7."), out.toString());
            }
            RunRequest trueStep = RunRequest.of(List.of("/bin/true"), List.of(), "/", "");
            long[] ms = new long[11];
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime();
                executor.run(List.of(upper, root), trueStep, l -> {}).close();
                ms[i] = (System.nanoTime() - s) / 1_000_000;
            }
            Arrays.sort(ms);
            System.out.println("RUN true on the debian root: median " + ms[ms.length / 2] + " ms, min " + ms[0] + " ms");
        } finally {
            Command.run("rm", "-rf", dir.toString());
        }
    }
}
