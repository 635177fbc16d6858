package dev.strata.builder.registry;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.8) with filesystem
 * storage in a temp dir, on a free port, optionally with htpasswd basic auth or TLS. Its access
 * log (combined format) counts requests: {@code "POST /v2/app/blobs/uploads/ HTTP/1.1" 202}.
 */
final class TestRegistry implements AutoCloseable {
    private static final Pattern ACCESS = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" ([0-9]{3}) ");

    private final Process process;
    private final Path log;
    private final String host;
    private final Path dir;

    private TestRegistry(Process process, Path log, String host, Path dir) {
        this.process = process;
        this.log = log;
        this.host = host;
        this.dir = dir;
    }

    /**
     * Options: basic auth user/password (bcrypt via htpasswd), TLS cert/key files, the address to
     * bind, and a storage size limit in KiB (0: none) that makes the registry answer 500 when full.
     */
    record Setup(String user, String password, Path certificate, Path key, String bindAddress, int storageKib, String authYaml) {
        static Setup plain() {
            return new Setup(null, null, null, null, "127.0.0.1", 0, null);
        }

        Setup withAuth(String newUser, String newPassword) {
            return new Setup(newUser, newPassword, certificate, key, bindAddress, storageKib, authYaml);
        }

        Setup withTls(Path newCertificate, Path newKey, String address) {
            return new Setup(user, password, newCertificate, newKey, address, storageKib, authYaml);
        }

        /** An {@code auth:} section of the registry's config as given (token auth). */
        Setup withAuthYaml(String yaml) {
            return new Setup(user, password, certificate, key, bindAddress, storageKib, yaml);
        }

        /** Storage on a tmpfs of {@code kib} KiB, mounted in a private mount namespace of the registry alone. */
        Setup withStorageLimit(int kib) {
            return new Setup(user, password, certificate, key, bindAddress, kib, authYaml);
        }
    }

    static TestRegistry start(Path dir) throws IOException {
        return start(dir, Setup.plain());
    }

    static TestRegistry start(Path dir, Setup setup) throws IOException {
        Path binary = Tools.require("docker-registry");
        Files.createDirectories(dir);
        int port = freePort(setup.bindAddress());
        String host = (setup.bindAddress().contains(":") ? "[" + setup.bindAddress() + "]" : setup.bindAddress()) + ":" + port;
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(dir.resolve("data"), host));
        if (setup.certificate() != null) {
            config.append("  tls:\n    certificate: ").append(setup.certificate()).append("\n    key: ").append(setup.key()).append('\n');
        }
        if (setup.user() != null) {
            String entry = Command.ok("htpasswd", "-Bbn", setup.user(), setup.password()).strip();
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, entry + "\n");
            config.append("auth:\n  htpasswd:\n    realm: strata-test\n    path: ").append(htpasswd).append('\n');
        }
        if (setup.authYaml() != null) {
            config.append(setup.authYaml());
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("registry.log");
        List<String> command = List.of(binary.toString(), "serve", configFile.toString());
        if (setup.storageKib() > 0) {
            Path data = Files.createDirectories(dir.resolve("data"));
            command = List.of(Tools.require("unshare").toString(), "--mount", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o size=" + setup.storageKib() + "k tmpfs \"$1\" && exec \"$2\" serve \"$3\"", "sh",
                    data.toString(), binary.toString(), configFile.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestRegistry registry = new TestRegistry(process, log, host, dir);
        registry.awaitListening(setup.bindAddress(), port);
        return registry;
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        }
    }

    private void awaitListening(String address, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IOException("docker-registry did not listen on " + host + " within 10 s: " + Files.readString(log));
    }

    /**
     * Fills a size-limited storage (see {@link Setup#withStorageLimit}) to the last byte, through
     * {@code /proc/PID/root}: the tmpfs is only mounted in the registry's own mount namespace.
     * Every write of the registry then fails, and it answers 500.
     */
    void fillStorage() throws IOException {
        Path data = Path.of("/proc", Long.toString(process.pid()), "root").resolve(dir.resolve("data").toString().substring(1));
        try (var out = Files.newOutputStream(data.resolve("filler"))) {
            byte[] chunk = new byte[4096];
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return host;
    }

    Path dir() {
        return dir;
    }

    /** The access log entries so far: method, URI, status. */
    List<Request> requests() throws IOException {
        sleep(100); // the registry writes its access log line after the response
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(ACCESS::matcher).filter(Matcher::find)
                .map(m -> new Request(m.group(1), m.group(2), Integer.parseInt(m.group(3))))
                .toList();
    }

    record Request(String method, String uri, int status) {
        boolean isUpload() {
            return method.equals("PUT") && uri.contains("/blobs/uploads/") && uri.contains("digest=");
        }

        boolean isMount() {
            return method.equals("POST") && uri.contains("mount=") && status == 201;
        }
    }

    /** Answers 200 on {@code /v2/} over plain HTTP (no auth registries only). */
    boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://" + host + "/v2/").openConnection();
            connection.setConnectTimeout(500);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
