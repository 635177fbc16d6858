package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image built from a git checkout is created at its last commit's time; an explicit epoch wins; layers do not change. */
class GitCreationTimeBuildTest {
    @TempDir
    Path tmp;

    @Test
    void creationTimeComesFromTheLastCommit() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path context = Files.createDirectories(repo.resolve("app"));
        TestBuild.write(context, "Dockerfile", "FROM scratch\nCOPY a.txt /a.txt\n");
        TestBuild.write(context, "a.txt", "a\n");
        String git = Tools.require("git").toString();
        Command.ok(git, "-C", repo.toString(), "init", "-q");
        Command.ok(git, "-C", repo.toString(), "add", "-A");
        Command.ok("/usr/bin/env", "GIT_COMMITTER_DATE=1700000000 +0000", git, "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com", "commit", "-q", "-m", "c");
        String head = Command.ok(git, "-C", repo.toString(), "rev-parse", "HEAD").strip();

        TestBuild fromGit = TestBuild.run(context, tmp.resolve("root"), b -> b.tag("git:1"));
        JsonNode config = TestBuild.rawConfig(tmp.resolve("root"), "git:1");
        assertEquals("2023-11-14T22:13:20Z", config.path("created").asText());
        assertEquals("2023-11-14T22:13:20Z", config.path("history").get(0).path("created").asText());
        assertTrue(fromGit.events.stream().anyMatch(e -> e instanceof BuildEvent.LogLine l && l.step() == 0
                && l.line().equals("image creation time 2023-11-14T22:13:20Z: the last commit (" + head.substring(0, 12)
                        + ") of the git checkout " + repo + "; --source-date-epoch or SOURCE_DATE_EPOCH set another")),
                fromGit.events.toString());
        TestBuild again = TestBuild.run(context, tmp.resolve("root2"), b -> b.tag("git:1"));
        assertEquals(fromGit.result.manifestDigest(), again.result.manifestDigest(), "reproducible");

        TestBuild explicit = TestBuild.run(context, tmp.resolve("root"), b -> b.tag("epoch:1").sourceDateEpoch(Instant.ofEpochSecond(5)));
        assertEquals("1970-01-01T00:00:05Z", TestBuild.rawConfig(tmp.resolve("root"), "epoch:1").path("created").asText());
        assertTrue(explicit.events.stream().noneMatch(e -> e instanceof BuildEvent.LogLine l && l.line().startsWith("image creation time")));

        Files.move(repo.resolve(".git"), tmp.resolve("moved-git"));
        TestBuild plain = TestBuild.run(context, tmp.resolve("root"), b -> b.tag("plain:1"));
        JsonNode plainConfig = TestBuild.rawConfig(tmp.resolve("root"), "plain:1");
        assertEquals("1970-01-01T00:00:00Z", plainConfig.path("created").asText());
        assertEquals(config.path("rootfs"), plainConfig.path("rootfs"), "the layers do not depend on the commit");
        assertTrue(plain.stepLines().contains("#1 CACHED") || plain.stepLines().stream().anyMatch(l -> l.endsWith("CACHED")),
                "nor do their cache keys: " + plain.stepLines());
    }
}
