package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees of the top-level command now that only the invoked subcommand is built. */
class StrataCommandTest {
    @TempDir
    Path dir;

    private static final List<String> ALL = List.of("parse", "build", "images", "inspect", "history", "tag", "rmi",
            "save", "load", "prune", "fsck", "push", "pull", "completion", "help");

    @Test
    void helpListsEverySubcommandInOrder() {
        for (String[] args : new String[][] {{"--help"}, {"help"}, {"--debug", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), run.err());
            int at = -1;
            for (String name : ALL) {
                int next = run.out().indexOf("\n  " + name + " ");
                assertTrue(next > at, name + " listed after the previous one in: " + run.out());
                at = next;
            }
        }
    }

    @Test
    void helpOfOneSubcommandShowsItsOptions() {
        CliRun run = CliRun.of("help", "build");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("--tag"), run.out());
        CliRun flag = CliRun.of("build", "--help");
        assertEquals(0, flag.exitCode(), flag.err());
        assertTrue(flag.out().contains("--debug"), "the inherited option is listed: " + flag.out());
    }

    @Test
    void debugAfterTheSubcommandIsStillInherited() throws IOException {
        Path df = Files.writeString(dir.resolve("Dockerfile"), "RUNN echo\n");
        CliRun run = CliRun.of("parse", "--debug", df.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("at dev.strata"), run.err());
    }

    @Test
    void aMistypedSubcommandGetsSuggestions() {
        CliRun run = CliRun.of("biuld", ".");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("build"), run.err());
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing command"), run.err());
    }

    @Test
    void completionStillCompletesEverySubcommand() {
        CliRun run = CliRun.of("completion", "bash");
        assertEquals(0, run.exitCode(), run.err());
        for (String name : ALL) {
            assertTrue(run.out().contains(name), name + " in the completion script");
        }
        assertTrue(run.out().contains("--no-cache"), "build's options are completed");
    }
}
