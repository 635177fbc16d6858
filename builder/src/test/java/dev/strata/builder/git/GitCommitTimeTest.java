package dev.strata.builder.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last commit's time read from .git as git itself gives it, and nothing from a hostile .git. */
class GitCommitTimeTest {
    private static final Instant T1 = Instant.parse("2024-03-01T12:00:00Z");
    private static final Instant T2 = Instant.parse("2025-06-15T08:30:00Z");

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void repo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        git("init", "-q", "-b", "main");
        Files.createDirectories(repo.resolve("app"));
        Files.writeString(repo.resolve("app/a.txt"), "a");
        commit(T1);
        Files.writeString(repo.resolve("app/a.txt"), "b");
        commit(T2);
    }

    private String git(String... args) {
        return gitAt(null, args);
    }

    /** git in the repository, with {@code GIT_COMMITTER_DATE=committed} when given (what %ct prints). */
    private String gitAt(Instant committed, String... args) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("/usr/bin/env",
                "GIT_COMMITTER_DATE=" + (committed == null ? "" : committed.getEpochSecond() + " +0000"),
                Tools.require("git").toString(), "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@example.com"));
        if (committed == null) {
            argv.remove(1);
        }
        argv.addAll(java.util.List.of(args));
        return Command.ok(argv.toArray(String[]::new));
    }

    private void commit(Instant when) {
        git("add", "-A");
        gitAt(when, "commit", "-q", "-m", "c");
    }

    private Instant gitSays() {
        Instant said = Instant.ofEpochSecond(Long.parseLong(git("log", "-1", "--format=%ct").strip()));
        assertEquals(T2, said);
        return said;
    }

    @Test
    void looseThenPackedAsGitLogSaysFromASubdirectory() {
        Optional<GitCommitTime.Found> loose = GitCommitTime.of(repo.resolve("app"));
        assertEquals(Optional.of(gitSays()), loose.map(GitCommitTime.Found::time));
        assertEquals(git("rev-parse", "HEAD").strip(), loose.get().commit());
        git("gc", "-q", "--aggressive");
        git("pack-refs", "--all");
        assertEquals(Optional.of(gitSays()), GitCommitTime.of(repo.resolve("app")).map(GitCommitTime.Found::time));
    }

    @Test
    void deltifiedCommitsInAPack() throws IOException {
        String message = "a long message that repeats ".repeat(150);
        for (int i = 0; i < 12; i++) {
            Files.writeString(repo.resolve("app/a.txt"), "v" + i);
            git("add", "-A");
            gitAt(T2.plusSeconds(60L * (i + 1)), "commit", "-q", "-m", message + i);
        }
        git("gc", "-q", "--aggressive");
        String packIndex;
        try (var packs = Files.list(repo.resolve(".git/objects/pack"))) {
            packIndex = packs.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow().toString();
        }
        String verify = git("verify-pack", "-v", packIndex);
        java.util.List<String> deltaCommits = verify.lines().filter(l -> l.matches("[0-9a-f]{40} commit .* [0-9a-f]{40}")).map(l -> l.substring(0, 40)).toList();
        org.junit.jupiter.api.Assertions.assertFalse(deltaCommits.isEmpty(), "git stored no commit as a delta: " + verify);
        for (String id : deltaCommits) {
            Files.writeString(repo.resolve(".git/HEAD"), id + "\n");
            Instant expected = Instant.ofEpochSecond(Long.parseLong(git("log", "-1", "--format=%ct", id).strip()));
            assertEquals(Optional.of(expected), GitCommitTime.of(repo).map(GitCommitTime.Found::time), id);
        }
    }

    @Test
    void aLinkedWorktreeAndADetachedHead() throws IOException {
        Path wt = tmp.resolve("wt");
        git("worktree", "add", "-q", "--detach", wt.toString(), "HEAD~1");
        Instant first = Instant.ofEpochSecond(Long.parseLong(Command.ok("git", "-C", wt.toString(), "log", "-1", "--format=%ct").strip()));
        assertEquals(Optional.of(first), GitCommitTime.of(wt).map(GitCommitTime.Found::time));
    }

    @Test
    void noCheckoutNoTime() throws IOException {
        assertEquals(Optional.empty(), GitCommitTime.of(Files.createDirectories(tmp.resolve("plain"))));
    }

    @Test
    void aHostileGitDirectoryGivesNoTimeAndNeverBlocks() throws IOException {
        Path git = repo.resolve(".git");
        Path head = git.resolve("HEAD");
        Files.delete(head);
        Command.ok("mkfifo", head.toString()); // opening a FIFO would block for ever
        assertEquals(Optional.empty(), GitCommitTime.of(repo));
        Files.delete(head);
        Files.writeString(head, "ref: refs/../../../../../../etc/passwd\n");
        assertEquals(Optional.empty(), GitCommitTime.of(repo));
        Files.writeString(head, "ref: refs/heads/loop\n");
        Files.writeString(git.resolve("refs/heads/loop"), "ref: refs/heads/loop\n");
        assertEquals(Optional.empty(), GitCommitTime.of(repo));
        Files.writeString(head, "ref: refs/heads/main\n");
        String id = Files.readString(git.resolve("refs/heads/main")).strip();
        Path object = git.resolve("objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
        Files.delete(object);
        Files.createSymbolicLink(object, Path.of("/dev/zero"));
        assertEquals(Optional.empty(), GitCommitTime.of(repo));
        Files.delete(object);
        Files.write(object, new byte[] {0x78, (byte) 0x9c, 1, 2, 3});
        assertEquals(Optional.empty(), GitCommitTime.of(repo));
        Files.delete(git.resolve("HEAD"));
        Files.createSymbolicLink(git.resolve("HEAD"), Path.of("/dev/zero"));
        assertEquals(Optional.empty(), GitCommitTime.of(repo));
    }
}
