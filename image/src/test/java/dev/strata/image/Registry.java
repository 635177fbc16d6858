package dev.strata.image;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Debian's docker-registry on a free 127.0.0.1 port with one htpasswd user; close stops it. */
final class Registry implements AutoCloseable {
    static final String USER = "ci";
    static final String PASSWORD = "pod-secret";

    private final Process process;
    final String host;

    private Registry(Process process, String host) {
        this.process = process;
        this.host = host;
    }

    static Registry start(Path dir) throws IOException, InterruptedException {
        Path registry = Sh.require("docker-registry");
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = socket.getLocalPort();
        }
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, Sh.ok("htpasswd", "-Bbn", USER, PASSWORD));
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
                auth:
                  htpasswd:
                    realm: strata-pod-test
                    path: %s
                """.formatted(dir.resolve("data"), port, htpasswd));
        Process process = new ProcessBuilder(registry.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Registry(process, "127.0.0.1:" + port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new AssertionError("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }

    /** Writes {@code dir/config.json} as the CI examples do (a Docker config with this registry's auth). */
    Path dockerConfig(Path dir) throws IOException {
        Files.createDirectories(dir);
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
        Sh.ok("chmod", "-R", "a+rX", dir.toString());
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
