package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing RUN through {@code strata build --progress=plain}: BuildKit's ERROR line, then Strata's one-line error. */
class BuildRunFailureTest {
    @TempDir
    Path tmp;

    private static void require(Path tool) {
        if (!Files.isExecutable(tool)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(tool + " is not installed");
            }
            System.err.println("!!! SKIPPED: " + tool + " is not installed");
            Assumptions.abort(tool + " is not installed");
        }
    }

    @Test
    void failingRunShowsBuildkitErrorLineAndOneLineError() throws IOException {
        require(Path.of("/usr/sbin/runc"));
        require(Path.of("/bin/busybox"));
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx);
        // busybox run as "sh" is a shell: the smallest base that can RUN anything.
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("sh"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM scratch
                COPY --chmod=755 sh /bin/sh
                RUN exit 3
                """);
        Path root = tmp.resolve("store");
        CliRun run = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-t", "fail:1", ctx.toString());
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.err().lines().toList();
        assertTrue(lines.contains("#2 [2/2] RUN exit 3"), run.err());
        assertTrue(lines.contains("#2 ERROR: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3"), run.err());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("#2 DONE")), run.err());
        String last = lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        assertEquals("Dockerfile:3: RUN exited with code 3", last, run.err());
    }
}
