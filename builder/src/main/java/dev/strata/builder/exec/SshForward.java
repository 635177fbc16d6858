package dev.strata.builder.exec;

import dev.strata.builder.rootfs.Trees;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SSH agent one {@code RUN --mount=type=ssh} reaches: a socket of its own in a private
 * directory in memory, with the mount's owner and mode, that relays every connection to the agent
 * given with {@code --ssh} (the user's socket), or to an {@code ssh-agent} started for this step
 * holding the given key files. BuildKit forwards the agent the same way: the step never sees the
 * user's socket path or the key files, and both stay out of layers, cache keys and logs. The
 * started agent runs {@code cat} as its child: when this JVM dies, cat reads the end of its input,
 * and the agent, which watches its parent, exits within seconds (the private directory is removed
 * by {@link Leftovers}). {@link #close()} stops everything. Thread-safe.
 */
final class SshForward implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Process agent;
    private final List<SocketChannel> open = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private SshForward(Path dir, Path socket, ServerSocketChannel server, Process agent, Path upstream) {
        this.dir = dir;
        this.socket = socket;
        this.server = server;
        this.agent = agent;
        this.acceptor = new Thread(() -> accept(upstream), "strata-ssh-forward");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a forwarder for {@code paths} (one agent socket, or key files) in a private directory
     * owned by {@code runDir}, its socket owned by {@code uid}:{@code gid} with {@code mode}.
     *
     * @throws ExecException when a path is neither, keys and sockets are mixed, or a key cannot be loaded
     */
    static SshForward start(String id, List<Path> paths, Path runDir, long uid, long gid, int mode) throws IOException {
        boolean sockets = paths.stream().allMatch(SshForward::isSocket);
        if (!sockets && paths.stream().anyMatch(SshForward::isSocket)) {
            throw new ExecException("--ssh " + id + ": invalid combination of keys and sockets");
        }
        if (sockets && paths.size() > 1) {
            throw new ExecException("--ssh " + id + ": only one agent socket may be given");
        }
        for (Path p : paths) {
            if (!sockets && !Files.isRegularFile(p)) {
                throw new ExecException("--ssh " + id + ": " + p + " is neither an agent socket nor a key file");
            }
        }
        Path dir = PrivateTemp.create(runDir, "strata-ssh-");
        Process agent = null;
        ServerSocketChannel server = null;
        try {
            Path upstream = paths.get(0);
            if (!sockets) {
                upstream = dir.resolve("agent.sock");
                agent = startAgent(upstream);
                loadKeys(id, paths, upstream);
            }
            Path socket = dir.resolve("s.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            if (isRoot()) {
                Files.setAttribute(socket, "unix:uid", (int) uid);
                Files.setAttribute(socket, "unix:gid", (int) gid);
            }
            Files.setAttribute(socket, "unix:mode", mode);
            SshForward forward = new SshForward(dir, socket, server, agent, upstream);
            forward.acceptor.start();
            return forward;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            stop(agent);
            Trees.delete(dir);
            throw e;
        }
    }

    /** The socket to bind into the step. */
    Path socket() {
        return socket;
    }

    private static Process startAgent(Path socket) throws IOException {
        Path sshAgent = Executables.find("ssh-agent").orElseThrow(() -> new ExecException(
                "--ssh with key files needs ssh-agent (Debian package openssh-client)"));
        ProcessBuilder pb = new ProcessBuilder(sshAgent.toString(), "-a", socket.toString(), "cat");
        pb.environment().remove("SSH_AUTH_SOCK");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!isSocket(socket)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                stop(process);
                throw new ExecException("--ssh: ssh-agent did not start");
            }
            sleep(10);
        }
        return process;
    }

    /** {@code ssh-add} in a session of its own (no terminal to ask a passphrase on) with only the agent's socket. */
    private static void loadKeys(String id, List<Path> keys, Path agentSocket) throws IOException {
        Path sshAdd = Executables.find("ssh-add").orElseThrow(() -> new ExecException(
                "--ssh with key files needs ssh-add (Debian package openssh-client)"));
        List<String> command = new ArrayList<>(List.of("setsid", "-w", sshAdd.toString(), "-q"));
        keys.forEach(k -> command.add(k.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SSH_") || k.equals("DISPLAY") || k.equals("WAYLAND_DISPLAY"));
        env.put("SSH_AUTH_SOCK", agentSocket.toString());
        env.put("SSH_ASKPASS_REQUIRE", "never");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true);
        Process add = pb.start();
        byte[] out = add.getInputStream().readNBytes(4096);
        try {
            if (!add.waitFor(30, TimeUnit.SECONDS)) {
                add.destroyForcibly();
                throw new ExecException("--ssh " + id + ": ssh-add did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            add.destroyForcibly();
            throw new ExecException("--ssh " + id + ": interrupted loading keys");
        }
        if (add.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .reduce((a, b) -> b).orElse("exit code " + add.exitValue());
            throw new ExecException("--ssh " + id + ": cannot load the key files into an agent (a key with a passphrase"
                    + " must be given through an agent socket): " + dev.strata.builder.text.OutsideText.oneLine(text));
        }
    }

    private void accept(Path upstream) {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            SocketChannel agentSide;
            try {
                agentSide = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            synchronized (open) {
                if (closed) {
                    closeQuietly(client);
                    closeQuietly(agentSide);
                    return;
                }
                open.add(client);
                open.add(agentSide);
            }
            pump(client, agentSide);
            pump(agentSide, client);
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (ClosedChannelException e) {
                // the other direction or close() ended the connection
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "strata-ssh-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (open) {
            open.forEach(SshForward::closeQuietly);
            open.clear();
        }
        stop(agent);
        Trees.delete(dir);
    }

    private static void stop(Process agent) {
        if (agent == null) {
            return;
        }
        agent.descendants().forEach(ProcessHandle::destroy);
        agent.destroy();
        try {
            if (!agent.waitFor(5, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agent.destroyForcibly();
        }
    }

    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isRoot() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue() == 0;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
