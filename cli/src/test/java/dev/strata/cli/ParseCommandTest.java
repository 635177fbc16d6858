package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void jsonDocumentKeepsTheParsersWarnings() throws IOException {
        Path df = write("Dockerfile", "FROM scratch\nCOPY a \\\n\n  /a\n");
        CliRun run = CliRun.of("parse", "--json", df.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode warnings = new ObjectMapper().readTree(run.out()).get("warnings");
        assertEquals(1, warnings.size(), run.out());
        assertEquals(4, warnings.get(0).get("endLine").asInt());
        assertTrue(warnings.get(0).get("message").asText().startsWith("empty continuation line"), run.out());
    }

    @Test
    void jsonDocumentHasDirectivesAndRawInstructions() throws IOException {
        Path df = write("Dockerfile", """
                # escape=\\
                FROM busybox AS build
                RUN --mount=type=cache,target=/x \\
                    echo hi \\
                    there
                CMD ["sh", "-c", "echo"]
                ENV A=1 B="two words"
                COPY --link <<a.txt <<-"b.txt" /dir/
                hello $A
                a.txt
                \tb
                \tb.txt
                ONBUILD RUN echo later
                """);
        CliRun run = CliRun.of("parse", "--json", df.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals("\\", root.at("/directives/escape").asText());
        JsonNode ins = root.get("instructions");
        assertEquals(6, ins.size());
        assertEquals("FROM", ins.get(0).get("keyword").asText());
        assertEquals(2, ins.get(0).get("startLine").asInt());

        JsonNode run1 = ins.get(1);
        assertEquals("RUN", run1.get("keyword").asText());
        assertEquals(3, run1.get("startLine").asInt());
        assertEquals(5, run1.get("endLine").asInt());
        assertEquals("type=cache,target=/x", run1.at("/flags/mount").asText());
        assertEquals("shell", run1.get("form").asText());
        assertEquals(1, run1.get("args").size());
        assertEquals("echo hi     there", run1.get("args").get(0).asText());

        JsonNode cmd = ins.get(2);
        assertEquals("exec", cmd.get("form").asText());
        assertEquals("[\"sh\",\"-c\",\"echo\"]", cmd.get("args").toString());

        assertTrue(ins.get(3).get("form").isNull());

        JsonNode copy = ins.get(4);
        assertTrue(copy.at("/flags/link").asBoolean());
        assertEquals(8, copy.get("startLine").asInt());
        assertEquals(12, copy.get("endLine").asInt());
        JsonNode h = copy.get("heredocs");
        assertEquals(2, h.size());
        assertEquals("a.txt", h.get(0).get("name").asText());
        assertEquals("hello $A\n", h.get(0).get("content").asText());
        assertTrue(h.get(0).get("expand").asBoolean());
        assertEquals("b.txt", h.get(1).get("name").asText());
        assertFalse(h.get(1).get("expand").asBoolean());
        assertTrue(h.get(1).get("chomp").asBoolean());
        assertEquals("b\n", h.get(1).get("content").asText());

        JsonNode onbuild = ins.get(5);
        assertEquals("ONBUILD", onbuild.get("keyword").asText());
        assertEquals("RUN", onbuild.at("/trigger/keyword").asText());
        assertEquals("echo later", onbuild.at("/trigger/args/0").asText());
    }

    @Test
    void humanReadableViewListsEveryInstructionWithItsLines() throws IOException {
        Path df = write("Dockerfile", "FROM scratch\nCOPY \\\n  a /a\nCMD [\"/a\"]\n");
        CliRun run = CliRun.of("parse", "-f", df.toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(4, lines.length, run.out());
        assertTrue(lines[0].contains("3 instructions"), lines[0]);
        assertTrue(lines[1].matches("1\\s+FROM\\s+\"scratch\""), lines[1]);
        assertTrue(lines[2].matches("2-3\\s+COPY\\s+\"a\" \"/a\""), lines[2]);
        assertTrue(lines[3].matches("4\\s+CMD\\s+\\(exec\\) \"/a\""), lines[3]);
    }

    @Test
    void dockerfileErrorIsOneLineWithExitCode1() throws IOException {
        Path df = write("Dockerfile", "FROM scratch\n\nRUNN echo\n");
        CliRun run = CliRun.of("parse", df.toString());
        assertEquals(1, run.exitCode());
        assertEquals(df + ":3: unknown instruction \"RUNN\" (did you mean RUN?)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        Path df = write("Dockerfile", "RUNN echo\n");
        CliRun run = CliRun.of("--debug", "parse", df.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("at dev.strata"), run.err());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path df = write("Dockerfile", "# only a comment\n");
        CliRun run = CliRun.of("parse", df.toString());
        assertEquals(1, run.exitCode());
        assertEquals(df + ": file with no instructions\n", run.err());
    }

    @Test
    void missingFileAndBadFlagsAreUsageOrInputErrors() {
        CliRun missing = CliRun.of("parse", dir.resolve("nope").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("error: Dockerfile not found: "), missing.err());

        CliRun badFlag = CliRun.of("parse", "--jsn", "x");
        assertEquals(2, badFlag.exitCode());
        assertTrue(badFlag.err().contains("--json"), "suggests the right flag: " + badFlag.err());
    }

    @Test
    void versionPrintsAndExitsZero() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("strata "), run.out());
    }
}
