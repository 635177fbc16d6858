package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o -}: the files as a tar on standard output, as buildx writes them; never onto a terminal. */
class StdoutOutputTest {
    @TempDir
    Path tmp;

    private Path context() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /dir/a.txt\n");
        Files.writeString(context.resolve("a.txt"), "a\n");
        return context;
    }

    private List<String> strata(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.strata.cli.Main", "build", "--root", tmp.resolve("root").toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void dashWritesATarToStandardOutput() throws Exception {
        Path out = tmp.resolve("out.tar");
        Process p = new ProcessBuilder(strata("-q", "-o", "-", context().toString()))
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("err").toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("err")));
        assertEquals("dir/\ndir/a.txt\n", ExternalTool.ok("tar", "-tf", out.toString()), "only the tar: -q prints no ID into it");
    }

    @Test
    void refusesATerminal() throws Exception {
        String cmd = String.join(" ", strata("-o", "type=tar,dest=-", context().toString()).stream().map(a -> "'" + a + "'").toList());
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", cmd, "/dev/null").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.contains("error: refusing to write the tar output to the terminal: redirect standard output"
                + " to a file or a pipe, or give dest=FILE"), output);
    }
}
