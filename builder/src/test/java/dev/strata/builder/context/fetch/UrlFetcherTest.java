package dev.strata.builder.context.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.net.Stall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD URL downloads from servers on 127.0.0.1 that misbehave: each failure is one line saying what and where. */
class UrlFetcherTest {
    /** Short enough for a test, long enough for a loaded machine to send a healthy body. */
    private static final Stall SHORT = new Stall(Duration.ofMillis(700), 1024);

    @TempDir
    Path dir;

    private final UrlFetcher fetcher = new UrlFetcher(SHORT);

    private IOException fails(String url) {
        return assertThrows(IOException.class, () -> fetcher.fetch(url, dir));
    }

    private void assertNothingLeft() throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "a failed download leaves no file behind");
        }
    }

    @Test
    void aTrickleIsGivenUpAsStalled() throws IOException {
        try (RawServer server = new RawServer((request, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            for (int i = 0; i < 100000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(50);
            }
        })) {
            IOException e = fails(server.url("/slow.bin"));
            assertTrue(e.getMessage().startsWith("cannot download " + server.url("/slow.bin") + ": stalled: less than 1024 bytes in 0.7s"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("-Dstrata.stallTimeout"), e.getMessage());
            assertNothingLeft();
        }
    }

    @Test
    void aServerThatStopsSendingIsGivenUp() throws IOException {
        try (RawServer server = new RawServer((request, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
            Thread.sleep(60_000);
        })) {
            IOException e = fails(server.url("/silent"));
            assertTrue(e.getMessage().startsWith("cannot download " + server.url("/silent") + ": stalled: "), e.getMessage());
            assertTrue(e.getMessage().contains("(3 bytes received)"), e.getMessage());
            assertNothingLeft();
        }
    }

    @Test
    void aBodyCutShortIsRefused() throws IOException {
        try (RawServer server = new RawServer((request, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n" + "y".repeat(500));
        })) {
            IOException e = fails(server.url("/cut"));
            assertEquals("cannot download " + server.url("/cut") + ": the connection closed after 500 of 1000 bytes (try again)",
                    e.getMessage());
            assertNothingLeft();
        }
    }

    @Test
    void connectionRefusedSaysSo() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/x";
        IOException e = fails(url);
        assertEquals("cannot download " + url + ": connection refused by 127.0.0.1:" + port
                + " (is the server running and the port right?)", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aRedirectLoopStopsAfterTenHops() throws IOException {
        try (RawServer server = new RawServer((request, out) -> {
            RawServer.write(out, "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        })) {
            IOException e = fails(server.url("/loop"));
            assertEquals("cannot download " + server.url("/loop") + ": stopped after 10 redirects (the server redirects in a loop;"
                    + " use the final URL)", e.getMessage());
            assertEquals(10, server.requests.size(), "as Go's client: ten requests, then stop");
        }
    }

    @Test
    void credentialsAreSentAsBasicAuthToTheirHostOnlyAndNeverShown() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cr3t-canary".getBytes(StandardCharsets.UTF_8));
        try (RawServer server = new RawServer((request, out) -> {
            String path = RawServer.path(request);
            if (expected.equals(RawServer.header(request, "Authorization")) && path.equals("/secret.txt")) {
                RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n");
            } else {
                RawServer.write(out, "HTTP/1.1 401 \u001b[2JUnauthorized\r\nContent-Length: 0\r\n\r\n");
            }
        })) {
            String withCredentials = "http://alice:s3cr3t-canary@127.0.0.1:" + server.port();
            Download d = fetcher.fetch(withCredentials + "/secret.txt", dir);
            assertEquals("ok\n", Files.readString(d.file()));
            assertEquals("secret.txt", d.fileName());

            IOException e = fails(withCredentials + "/other");
            assertEquals("cannot download http://xxxxx:xxxxx@127.0.0.1:" + server.port() + "/other: HTTP 401 Unauthorized",
                    e.getMessage());
        }
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherHost() throws IOException {
        try (RawServer target = new RawServer((request, out) -> {
            String auth = RawServer.header(request, "Authorization");
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (auth == null ? 7 : 4) + "\r\n\r\n"
                    + (auth == null ? "no-auth" : "auth"));
        }); RawServer origin = new RawServer((request, out) -> {
            RawServer.write(out, "HTTP/1.1 302 Found\r\nLocation: http://localhost:" + target.port() + "/file\r\nContent-Length: 0\r\n\r\n");
        })) {
            Download d = fetcher.fetch("http://alice:pw@127.0.0.1:" + origin.port() + "/file", dir);
            assertEquals("no-auth", Files.readString(d.file()));
            assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)),
                    RawServer.header(origin.requests.get(0), "Authorization"));
            assertNull(RawServer.header(target.requests.get(0), "Authorization"));
        }
    }

    @Test
    void aPartialDownloadIsDeletedWhenTheJvmIsStoppedMidway() throws Exception {
        try (RawServer server = new RawServer((request, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n");
            for (int i = 0; i < 10000; i++) {
                out.write(new byte[1000]);
                out.flush();
                Thread.sleep(20);
            }
        })) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), FetchMain.class.getName(),
                    server.url("/big.bin"), dir.toString()).redirectErrorStream(true).start();
            try {
                Path partial = null;
                for (int i = 0; i < 600 && partial == null; i++) {
                    Thread.sleep(50);
                    try (var files = Files.list(dir)) {
                        partial = files.filter(f -> f.getFileName().toString().endsWith(".partial"))
                                .filter(f -> f.toFile().length() > 0).findFirst().orElse(null);
                    }
                }
                assertTrue(partial != null, "the child started downloading");
                // SIGTERM: the JVM runs the same shutdown hooks as for Ctrl-C (SIGINT), which a test JVM
                // started in the background may have inherited as ignored
                child.destroy();
                assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the child stopped");
                assertFalse(Files.exists(partial), "stopping the JVM leaves no partial download");
                assertNothingLeft();
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
