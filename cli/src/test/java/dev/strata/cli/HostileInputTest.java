package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's attacks through {@code strata build}: each ends in one line and exit 1, never a stack trace. */
class HostileInputTest {
    @TempDir
    Path tmp;

    private CliRun build(String dockerfile) throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return CliRun.of("build", "--root", tmp.resolve("store").toString(), "--progress=plain", ctx.toString());
    }

    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(expected, lines.get(lines.size() - 1), run.err());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), run.err());
    }

    @Test
    void nestedExpansion() throws IOException {
        int depth = 1000;
        CliRun run = build("FROM scratch\nARG a=x\nENV v=" + "${a:-".repeat(depth) + "y" + "}".repeat(depth) + "\n");
        assertOneLine(run, "Dockerfile:3: failed to process \"" + "${a:-".repeat(16)
                + "...\": variables nested more than 64 levels deep");
    }

    @Test
    void doublingArgs() throws IOException {
        StringBuilder df = new StringBuilder("FROM scratch\nARG a0=xxxxxxxxxxxxxxxx\n");
        for (int i = 1; i < 40; i++) {
            df.append("ARG a").append(i).append("=${a").append(i - 1).append("}${a").append(i - 1).append("}\n");
        }
        assertOneLine(build(df.toString()), "Dockerfile:19: failed to process \"${a16}${a16}\": expands to more than 1 MiB");
    }

    @Test
    void deeplyNestedJsonCmd() throws IOException {
        assertOneLine(build("FROM scratch\nCMD " + "[".repeat(4000) + "]".repeat(4000) + "\n"),
                "Dockerfile:2:69: JSON nested more than 64 levels deep");
    }

    @Test
    void invalidUtf8() throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.write(ctx.resolve("Dockerfile"), "FROM scratch\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of("build", "--root", tmp.resolve("store").toString(), "--progress=plain", ctx.toString());
        assertOneLine(run, "Dockerfile:2: invalid UTF-8 (byte 0xe9 at byte 6 of the line); save the file as UTF-8");
        CliRun parse = CliRun.of("parse", ctx.resolve("Dockerfile").toString());
        assertEquals(1, parse.exitCode(), parse.err());
        assertTrue(parse.err().strip().endsWith("Dockerfile:2: invalid UTF-8 (byte 0xe9 at byte 6 of the line); save the file as UTF-8"),
                parse.err());
    }

    @Test
    void javaErrorsBecomeOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(1, Main.fatal(new StackOverflowError(), false, err));
        assertEquals(1, Main.fatal(new OutOfMemoryError("Java heap space"), false, err));
        assertEquals(1, Main.fatal(new java.util.concurrent.CompletionException(new StackOverflowError()), false, err));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "error: internal error: the input nests too deeply (stack overflow); run with --debug for the stack trace and report it",
                "error: out of memory (Java heap space); give the JVM more with STRATA_JAVA_OPTS=-Xmx..., or report the input"
                        + " that needs this much",
                "error: internal error: the input nests too deeply (stack overflow); run with --debug for the stack trace and report it"),
                lines);
        bytes.reset();
        Main.fatal(new StackOverflowError(), true, err);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).lines().count() < 2, "--debug shows the trace");
    }
}
