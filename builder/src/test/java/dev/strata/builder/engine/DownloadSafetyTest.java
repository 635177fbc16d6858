package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of a URL with credentials and downloads that fail, through whole builds: the password shows
 * nowhere (progress, errors, history, cache keys, the store) and each failure is one line naming the
 * Dockerfile line, the URL and what to do.
 */
class DownloadSafetyTest {
    private static final String PASSWORD = "s3cr3t-canary";

    @TempDir
    Path tmp;

    @Test
    void urlCredentialsAreRedactedEverywhere() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "payload\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/tool.txt", ex -> {
            boolean authorised = ex.getRequestHeaders().getFirst("Authorization") != null;
            ex.sendResponseHeaders(authorised ? 200 : 401, authorised ? body.length : -1);
            try (OutputStream out = ex.getResponseBody()) {
                if (authorised) {
                    out.write(body);
                }
            }
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            String url = "http://alice:" + PASSWORD + "@127.0.0.1:" + port + "/tool.txt";
            String shown = "http://xxxxx:xxxxx@127.0.0.1:" + port + "/tool.txt";
            Path ctx = tmp.resolve("ctx");
            TestBuild.write(ctx, "Dockerfile", "FROM scratch\nADD " + url + " /opt/\n");
            Path root = tmp.resolve("store");
            TestBuild build = TestBuild.run(ctx, root, b -> b.tag("dl:1").explainCache(true));
            assertTrue(build.stepLines().contains("#1 [1/1] ADD " + shown + " /opt/"), build.stepLines().toString());
            JsonNode history = TestBuild.rawConfig(root, "dl:1").get("history");
            assertEquals("ADD " + shown + " /opt/ # buildkit", history.get(history.size() - 1).get("created_by").asText());
            assertNoPassword(build.events);
            assertStoreHasNoPassword(root);

            TestBuild.write(ctx, "Dockerfile", "FROM scratch\nADD http://alice:" + PASSWORD + "@127.0.0.1:" + port + "/gone /opt/\n");
            BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, root, b -> b.tag("dl:2")));
            assertEquals("Dockerfile:2: ADD failed: cannot download http://xxxxx:xxxxx@127.0.0.1:" + port + "/gone: HTTP 404 Not Found",
                    e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void connectionRefusedNamesTheLineAndTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nADD http://127.0.0.1:" + port + "/app.tgz /\n");
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"), b -> { }));
        assertEquals("Dockerfile:2: ADD failed: cannot download http://127.0.0.1:" + port + "/app.tgz: connection refused by 127.0.0.1:"
                + port + " (is the server running and the port right?)", e.getMessage());
    }

    @Test
    void aTruncatedArchiveSaysSo() throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx.resolve("tree/dir"));
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Files.write(ctx.resolve("tree/dir/data.bin"), data);
        dev.strata.builder.testing.Command.ok("tar", "-czf", ctx.resolve("full.tar.gz").toString(), "-C", ctx.resolve("tree").toString(), "dir");
        byte[] full = Files.readAllBytes(ctx.resolve("full.tar.gz"));
        Files.write(ctx.resolve("cut.tar.gz"), java.util.Arrays.copyOf(full, full.length / 2));
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nADD cut.tar.gz /x/\n");
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"), b -> { }));
        assertEquals("Dockerfile:2: cannot read archive cut.tar.gz: it ends early (truncated or corrupt);"
                + " re-create or re-download it", e.getMessage());
    }

    private static void assertNoPassword(List<BuildEvent> events) {
        List<String> leaks = new ArrayList<>();
        synchronized (events) {
            events.stream().map(Object::toString).filter(s -> s.contains(PASSWORD)).forEach(leaks::add);
        }
        assertEquals(List.of(), leaks, "no event shows the password");
    }

    private static void assertStoreHasNoPassword(Path root) throws IOException {
        byte[] needle = PASSWORD.getBytes(StandardCharsets.UTF_8);
        List<Path> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(f);
                if (indexOf(content, needle) >= 0) {
                    leaks.add(root.relativize(f));
                }
            }
        }
        assertEquals(List.of(), leaks, "no file of the store (blobs, cache keys, records) holds the password");
        assertEquals(List.of(), leftovers(root.resolve("tmp")), "no download left in the store's tmp");
    }

    private static List<String> leftovers(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).filter(n -> !n.endsWith(".lock")).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
