package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.SshTools;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code RUN --mount=type=ssh} with real runc (directly and in a user namespace): the step's own
 * {@code ssh-add -l} lists the keys of an agent forwarded from a socket or started for key files;
 * no key, socket or agent outlives the step.
 */
class SshMountTest {
    static Path store;
    static Path base;
    static Path keyA;
    static Path keyB;
    static Path hostAgentSocket;
    static Process hostAgent;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("runc");
        Tools.require("ssh-agent");
        store = Files.createTempDirectory("strata-ssh-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        SshTools.installSshAdd(base);
        keyA = SshTools.newKey(store.resolve("keys"), "a");
        keyB = SshTools.newKey(store.resolve("keys"), "b");
        hostAgentSocket = store.resolve("keys/host-agent.sock");
        hostAgent = new ProcessBuilder("ssh-agent", "-D", "-a", hostAgentSocket.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 500 && !Files.exists(hostAgentSocket); i++) {
            sleep();
        }
        ProcessBuilder add = new ProcessBuilder("ssh-add", keyB.toString()).redirectErrorStream(true);
        add.environment().put("SSH_AUTH_SOCK", hostAgentSocket.toString());
        try {
            assertEquals(0, add.start().waitFor(), "ssh-add to the test's own agent");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void tearDown() {
        if (hostAgent != null) {
            hostAgent.destroy();
        }
        if (store != null) {
            Command.ok("rm", "-rf", store.toString());
        }
    }

    static MountSources sources(Map<String, List<Path>> forwards) {
        return new MountSources() {
            @Override
            public BindSource bindSource(String from, String source) throws IOException {
                throw new ExecException("no binds here");
            }

            @Override
            public Optional<byte[]> secret(String id) {
                return Optional.empty();
            }

            @Override
            public Optional<List<Path>> ssh(String id) {
                return Optional.ofNullable(forwards.get(id));
            }
        };
    }

    static RunExecutor executor(String mode) throws IOException {
        Path root = Files.createDirectories(store.resolve("store-" + mode));
        return new RunExecutor(new ExecOptions(root, Optional.of(Isolation.parse(mode)), Optional.empty()));
    }

    static RunOutcome run(RunExecutor executor, String user, String script, List<String> out, Map<String, List<Path>> forwards,
            String... mounts) throws IOException, RunFailedException {
        List<MountSpec> specs = new ArrayList<>();
        for (String m : mounts) {
            specs.add(MountSpec.parse(m));
        }
        RunRequest request = RunRequest.of(List.of("/bin/sh", "-c", script), List.of("SSH_AUTH_SOCK=/run/buildkit/ssh_agent.0"),
                "/", user).withMounts(specs, sources(forwards));
        try {
            return executor.run(List.of(base), request, out::add);
        } catch (RunFailedException e) {
            throw new AssertionError(e.getMessage() + ": " + out, e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns"})
    void keyFilesAndAgentSocketsAreListedBySshAddInTheStep(String mode) throws Exception {
        try (RunExecutor executor = executor(mode)) {
            List<String> out = new ArrayList<>();
            try (RunOutcome keys = run(executor, "", "ssh-add -l; stat -c '%a %u %g %F' $SSH_AUTH_SOCK", out,
                    Map.of("default", List.of(keyA)), "type=ssh")) {
                assertEquals(List.of(SshTools.fingerprint(keyA), "600 0 0 socket"), out);
                assertEquals(List.of(), keys.changes().stream().map(LayerEntry::tarName).toList(), "no mount point in the layer");
            }
            out.clear();
            try (RunOutcome socket = run(executor, "", "SSH_AUTH_SOCK=/root/agent ssh-add -l", out,
                    Map.of("host", List.of(hostAgentSocket)), "type=ssh,id=host,target=/root/agent")) {
                assertEquals(List.of(SshTools.fingerprint(keyB)), out);
            }
        }
        assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci"})
    void aNonRootUserReachesTheAgentThroughUidAndMode(String mode) throws Exception {
        try (RunExecutor executor = executor(mode)) {
            List<String> out = new ArrayList<>();
            try (RunOutcome r = run(executor, "1000", "ssh-add -l 2>&1 | grep -c ED25519; stat -c '%a %u %g' $SSH_AUTH_SOCK", out,
                    Map.of("default", List.of(keyA, keyB)), "type=ssh,uid=1000,gid=1000,mode=0660")) {
                assertEquals(List.of("2", "660 1000 1000"), out);
            }
            out.clear();
            try (RunOutcome r = run(executor, "1000", "ssh-add -l >/dev/null 2>&1; echo $?", out,
                    Map.of("default", List.of(keyA)), "type=ssh")) {
                assertEquals(List.of("2"), out, "root's 0600 socket is closed to uid 1000 (ssh-add: cannot connect)");
            }
        }
        assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci"})
    void missingForwardsFailWhenRequiredAndAreSkippedOtherwise(String mode) throws Exception {
        try (RunExecutor executor = executor(mode)) {
            ExecException e = assertThrows(ExecException.class, () -> run(executor, "", "true", new ArrayList<>(), Map.of(),
                    "type=ssh,id=deploy,required"));
            assertEquals("no SSH key \"deploy\" forwarded from the client (pass it with --ssh deploy=SOCKET|KEYFILE)", e.getMessage());
            List<String> out = new ArrayList<>();
            try (RunOutcome r = run(executor, "", "test -e /run/buildkit/ssh_agent.0 || echo absent", out, Map.of(), "type=ssh")) {
                assertEquals(List.of("absent"), out);
            }
            Path passphrase = store.resolve("keys/locked");
            Command.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret-words", "-f", passphrase.toString());
            ExecException locked = assertThrows(ExecException.class, () -> run(executor, "", "true", new ArrayList<>(),
                    Map.of("default", List.of(passphrase)), "type=ssh"));
            assertTrue(locked.getMessage().startsWith("--ssh default: cannot load the key files into an agent"), locked.getMessage());
        }
        assertNothingLeft();
    }

    /** No private directory, agent or key copy outlives the steps. */
    private static void assertNothingLeft() throws IOException {
        try (var shm = Files.list(Path.of("/dev/shm"))) {
            List<String> left = shm.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("strata-ssh-")).toList();
            assertEquals(List.of(), left);
        }
        String key = Files.readAllLines(keyA).get(1);
        assertEquals("", Command.run("grep", "-rlF", key, store.resolve("store-oci").toString(), "/dev/shm").output());
        List<Long> agents = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("ssh-agent"))
                .map(ProcessHandle::pid).filter(pid -> pid != hostAgent.pid()).toList();
        assertEquals(List.of(), agents, "no agent of a step still runs");
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
