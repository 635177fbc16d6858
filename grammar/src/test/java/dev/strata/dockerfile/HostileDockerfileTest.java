package dev.strata.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Instruction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Input meant to crash or stall the parser gets a one-line error naming the line. */
class HostileDockerfileTest {

    private static String message(String content) {
        return assertThrows(DockerfileException.class, () -> Dockerfiles.parse("Dockerfile", content)).getMessage();
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutOverflowingTheParser() {
        assertEquals("Dockerfile:2:69: JSON nested more than 64 levels deep",
                message("FROM a\nCMD " + "[".repeat(4000) + "]".repeat(4000) + "\n"));
        assertEquals("Dockerfile:2:69: JSON nested more than 64 levels deep",
                message("FROM a\nCMD " + "[".repeat(100_000) + "\n"));
        assertEquals("Dockerfile:3:193: JSON nested more than 64 levels deep",
                message("FROM a\nHEALTHCHECK CMD \\\n" + "[{\"a\":".repeat(2000) + "\n"));
        assertEquals("Dockerfile:2:6: JSON arrays must contain only strings, found an array",
                message("FROM a\nCMD [" + "[".repeat(63) + "]".repeat(63) + "]\n"));
    }

    @Test
    void bracketsInShellFormAreText() {
        String text = "echo " + "[".repeat(5000);
        Instruction.Run run = (Instruction.Run) Dockerfiles.parse("Dockerfile", "FROM a\nRUN " + text + "\n")
                .instructions().get(1);
        assertEquals(text, ((Command.Shell) run.command()).text());
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] bytes = "FROM a\nRUN echo ok\nRUN echo \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        DockerfileException e = assertThrows(DockerfileException.class, () -> Dockerfiles.parse("Dockerfile", bytes));
        assertEquals("Dockerfile:3: invalid UTF-8 (byte 0xff at byte 10 of the line); save the file as UTF-8", e.getMessage());
        assertEquals("FROM a\n", Dockerfiles.decode("Dockerfile", "FROM a\n".getBytes(StandardCharsets.UTF_8)));
    }
}
