package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.RunOptions;
import dev.strata.builder.api.SshSpec;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.SshTools;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ssh} and {@code RUN --mount=type=ssh} in real builds: the agent reached, nothing of the keys kept. */
class SshBuildTest {
    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        Tools.require("runc");
        Tools.require("ssh-agent");
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
    }

    private static NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    private static RunOptions ssh(String spec) {
        return new RunOptions(List.of(), List.of(), 0, Set.of(), List.of(SshSpec.parse(spec, Map.of())));
    }

    private static List<String> output(TestBuild build) {
        synchronized (build.events) {
            return build.events.stream().filter(e -> e instanceof BuildEvent.LogLine l && l.step() > 0)
                    .map(e -> ((BuildEvent.LogLine) e).line()).toList();
        }
    }

    @Test
    void theForwardedKeysAreListedAndNeitherKeysNorTheirPathsReachTheCacheKeyOrTheStore() throws IOException {
        Path ctx = tmp.resolve("ctx");
        SshTools.installSshAdd(ctx.resolve("sshroot"));
        Path keyA = SshTools.newKey(tmp.resolve("keys-a"), "deploy");
        Path keyB = SshTools.newKey(tmp.resolve("keys-b"), "other");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                COPY sshroot/ /
                RUN --mount=type=ssh echo "sock=$SSH_AUTH_SOCK" && ssh-add -l
                RUN --mount=type=ssh,id=second,target=/tmp/agent,required ssh-add -l | wc -l
                """);
        Path root = tmp.resolve("store");
        TestBuild first = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("ssh:1")
                .runOptions(new RunOptions(List.of(), List.of(), 0, Set.of(), List.of(SshSpec.parse("default=" + keyA, Map.of()),
                        SshSpec.parse("second=" + keyA + "," + keyB, Map.of())))));
        List<String> out = output(first);
        assertTrue(out.containsAll(List.of("sock=/run/buildkit/ssh_agent.0", SshTools.fingerprint(keyA), "2")), out.toString());

        TestBuild other = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("ssh:2")
                .runOptions(new RunOptions(List.of(), List.of(), 0, Set.of(), List.of(SshSpec.parse("default=" + keyB, Map.of()),
                        SshSpec.parse("second=" + keyB, Map.of())))));
        assertTrue(other.stepLines().containsAll(List.of("#3 CACHED", "#4 CACHED")),
                "other keys at other paths: the same cache key (BuildKit keys on the mount's options): " + other.stepLines());
        assertTrue(output(other).stream().noneMatch(l -> l.contains("SHA256:") || l.startsWith("sock=")), output(other).toString());

        for (Path key : List.of(keyA, keyB)) {
            String secretLine = Files.readAllLines(key).get(1);
            assertEquals("", Command.run("grep", "-rlF", secretLine, root.toString(), "/dev/shm").output(), "key material stored");
            assertEquals("", Command.run("grep", "-rlF", key.getParent().toString(), root.toString()).output(), "key path stored");
        }
        Path rootfs = TestBuild.unpack(root, "ssh:1", tmp.resolve("bundle"));
        assertTrue(!Files.exists(rootfs.resolve("run/buildkit")) && !Files.exists(rootfs.resolve("tmp/agent")),
                "no socket mount point in the image");
    }

    @Test
    void gitClonesOverSshFromALoopbackSshdWithTheForwardedAgent() throws Exception {
        Path sshd = Tools.require("sshd");
        Path git = Tools.require("git");
        Path dir = Files.createDirectories(tmp.resolve("sshd"));
        Command.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("hostkey").toString());
        Path user = SshTools.newKey(dir, "user");
        Files.copy(Path.of(user + ".pub"), dir.resolve("authorized_keys"));
        Path work = dir.resolve("work");
        Command.ok("git", "init", "-q", "-b", "main", work.toString());
        Files.writeString(work.resolve("hello.txt"), "hello over ssh\n");
        Command.ok("git", "-C", work.toString(), "add", "hello.txt");
        Command.ok("git", "-C", work.toString(), "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "hello");
        Path repo = dir.resolve("repo.git");
        Command.ok("git", "clone", "-q", "--bare", work.toString(), repo.toString());
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", "/dev/null", "-p", Integer.toString(port),
                "-o", "ListenAddress=127.0.0.1", "-h", dir.resolve("hostkey").toString(),
                "-o", "AuthorizedKeysFile=" + dir.resolve("authorized_keys"), "-o", "StrictModes=no", "-o", "PidFile=none",
                "-o", "UsePAM=no").redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        try {
            for (int i = 0; i < 1000; i++) {
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(10);
                }
            }
            Path ctx = tmp.resolve("ctx");
            SshTools.install(ctx.resolve("tools"), git, Path.of("/usr/lib/git-core/git"), Tools.require("ssh"));
            TestBuild.write(ctx, "Dockerfile", "FROM base\nCOPY tools/ /\n"
                    + "RUN --mount=type=ssh GIT_SSH_COMMAND='ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p " + port
                    + "' git clone -q ssh://root@127.0.0.1" + repo + " /src && cat /src/hello.txt\n");
            TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("clone:1")
                    .runOptions(ssh("default=" + user)));
            assertTrue(output(build).contains("hello over ssh"), output(build) + "\n" + Files.readString(dir.resolve("sshd.log")));
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void aRequiredForwardThatIsNotGivenNamesTheLine() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN --mount=type=ssh,id=deploy,required true\n");
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"),
                b -> b.buildContext(base()).runOptions(ssh("default=/nonexistent.sock"))));
        assertEquals("Dockerfile:2: no SSH key \"deploy\" forwarded from the client (pass it with --ssh deploy=SOCKET|KEYFILE)",
                e.getMessage());
    }
}
