package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measures what a RUN costs beyond its command: {@code RUN true} end to end (overlay mount,
 * bundle, runc, unmount, capture). Prints the figure; fails only if it is far above the 0.2 s goal.
 */
class RunOverheadTest {
    @Test
    void runTrueOverhead() throws Exception {
        Tools.require("runc");
        Path store = Files.createTempDirectory("strata-overhead");
        try (RunExecutor executor = new RunExecutor(ExecOptions.of(store))) {
            Path base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
            RunRequest request = RunRequest.of(List.of("/bin/true"), List.of(), "/", "");
            for (int i = 0; i < 3; i++) {
                executor.run(List.of(base), request, l -> {}).close();
            }
            int runs = 15;
            long[] ms = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                executor.run(List.of(base), request, l -> {}).close();
                ms[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(ms);
            long median = ms[runs / 2];
            System.out.println("RUN true overhead: median " + median + " ms, min " + ms[0] + " ms, max " + ms[runs - 1]
                    + " ms over " + runs + " runs (overlay + runc)");
            assertTrue(median < 1000, "RUN overhead " + median + " ms is far above the 200 ms goal");
        } finally {
            Command.ok("rm", "-rf", store.toString());
        }
    }
}
