package dev.strata.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's docker-registry on a free 127.0.0.1 port, optionally with htpasswd auth; close stops it. */
final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final String host;

    private LocalRegistry(Process process, String host) {
        this.process = process;
        this.host = host;
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return host;
    }

    /** Starts a registry storing under {@code dir}; with {@code user}, only that user (and password) gets in. */
    static LocalRegistry start(Path dir, String user, String password) throws IOException, InterruptedException {
        ExternalTool.run("docker-registry", "--version"); // skips (or fails in CI) when it is missing
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = socket.getLocalPort();
        }
        String auth = "";
        if (user != null) {
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, ExternalTool.ok("htpasswd", "-Bbn", user, password));
            auth = """
                    auth:
                      htpasswd:
                        realm: strata-test
                        path: %s
                    """.formatted(htpasswd);
        }
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                %s""".formatted(dir.resolve("data"), port, auth));
        Process process = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new LocalRegistry(process, "127.0.0.1:" + port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new AssertionError("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
