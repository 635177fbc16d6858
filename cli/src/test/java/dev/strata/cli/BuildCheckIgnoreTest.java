package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CopyIgnoredFile sees the build context's .dockerignore, in builds and with --check, as docker build does. */
class BuildCheckIgnoreTest {
    @TempDir
    Path tmp;

    private static final String WARNING =
            "Dockerfile:3: WARN CopyIgnoredFile: Attempting to Copy file \"notes/todo.txt\" that is excluded by .dockerignore";

    private Path context() throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx.resolve("notes"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\nCOPY notes/todo.txt /todo.txt\n");
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        Files.writeString(ctx.resolve("notes/todo.txt"), "todo\n");
        Files.writeString(ctx.resolve(".dockerignore"), "# private\nnotes\n");
        return ctx;
    }

    @Test
    void buildWarnsBeforeFailingOnTheIgnoredFile() throws IOException {
        CliRun run = CliRun.of("build", "--root", tmp.resolve("store").toString(), "--progress=plain", context().toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().lines().anyMatch(WARNING::equals), run.err());
    }

    @Test
    void checkReportsIt() throws IOException {
        CliRun run = CliRun.of("build", "--root", tmp.resolve("store").toString(), "--check", context().toString());
        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().lines().anyMatch(WARNING::equals), run.out());
    }
}
