package dev.strata.builder.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.strata.builder.testing.Command;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A registry on 127.0.0.1 that lies: it speaks enough of the distribution API for a pull
 * ({@code /v2/}, manifests, blobs) and answers each manifest and blob as the test says (lying
 * sizes, endless or trickling bodies, error bodies with terminal escapes). It counts what it sent.
 */
final class HostileRegistry implements AutoCloseable {
    /** Answers one manifest or blob request. */
    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange, AtomicLong sent) throws IOException, InterruptedException;
    }

    final Map<String, Answer> manifests = new ConcurrentHashMap<>();
    final Map<String, Answer> blobs = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-registry");
        t.setDaemon(true);
        return t;
    });

    /**
     * Serves HTTPS with a self-signed key made in {@code dir} (a loopback registry is insecure, so
     * the client accepts it unverified, as it does for a real registry with such a certificate).
     */
    HostileRegistry(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("registry.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Command.ok(keytool, "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
        server.setExecutor(pool);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String[] parts = path.split("/");
            Answer answer = null;
            String key = null;
            if (parts.length >= 3 && parts[parts.length - 2].equals("manifests")) {
                key = parts[parts.length - 1];
                answer = manifests.get(key);
            } else if (parts.length >= 3 && parts[parts.length - 2].equals("blobs")) {
                key = parts[parts.length - 1];
                answer = blobs.get(key);
            } else if (path.equals("/v2/")) {
                answer = json(200, "{}");
            }
            if (key != null) {
                requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
            if (answer == null) {
                answer = json(404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}");
            }
            answer.send(ex, sent.computeIfAbsent(key == null ? path : key, k -> new AtomicLong()));
        } catch (IOException | InterruptedException clientWentAway) {
            // a client that stops reading is what several tests want
        }
    }

    /** The body, as a manifest of {@code mediaType} or a blob. */
    static Answer bytes(String mediaType, byte[] body) {
        return (ex, sent) -> {
            ex.getResponseHeaders().add("Content-Type", mediaType);
            ex.getResponseHeaders().add("Docker-Content-Digest", Digest.ofBytes(body).toString());
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
                sent.addAndGet(body.length);
            }
        };
    }

    static Answer json(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return (ex, sent) -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** Zeros without end (chunked), 64 KiB at a time. */
    static Answer endless() {
        return (ex, sent) -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[1 << 16];
            try (OutputStream out = ex.getResponseBody()) {
                while (sent.get() < 1L << 34) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            }
        };
    }

    /** One byte every 50 ms of a body declared as {@code size} bytes. */
    static Answer trickle(long size) {
        return (ex, sent) -> {
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                for (long i = 0; i < size; i++) {
                    out.write(0);
                    out.flush();
                    sent.incrementAndGet();
                    Thread.sleep(50);
                }
            }
        };
    }

    long sent(Object key) {
        AtomicLong n = sent.get(key.toString());
        return n == null ? 0 : n.get();
    }

    int requests(Object key) {
        AtomicInteger n = requests.get(key.toString());
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
