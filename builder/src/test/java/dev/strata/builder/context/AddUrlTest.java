package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strata.builder.context.digest.FileDigester;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.dockerfile.model.Flag;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD of http URLs, served by a JDK HttpServer on 127.0.0.1. */
class AddUrlTest {

    private static final byte[] BODY = "downloaded body\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    CopyFixture fx;
    HttpServer server;
    String base;

    @BeforeEach
    void setUp() throws IOException {
        fx = new CopyFixture(tmp);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/tool.sh", exchange -> {
            exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.createContext("/files/app.tar.gz", exchange -> {
            byte[] tgz = tarGz();
            exchange.sendResponseHeaders(200, tgz.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(tgz);
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private CopyPlan add(String dest, List<Flag> flags, String url) {
        return fx.plan(true, CopyOptions.fromFlags(true, flags), dest, url);
    }

    @Test
    void urlIsDownloadedAs0600NamedAfterThePathWithLastModified() throws IOException {
        try (CopyPlan plan = add("/usr/local/bin/", List.of(), base + "/files/tool.sh?x=1")) {
            Map<String, LayerEntry> e = CopyFixture.byPath(plan.layerEntries());
            LayerEntry f = e.get("usr/local/bin/tool.sh");
            assertEquals("downloaded body\n", CopyFixture.content(f));
            assertEquals(0600, f.attributes().mode());
            assertEquals(Instant.parse("2015-10-21T07:28:00Z"), f.attributes().mtime());
            assertEquals(FileDigester.sha256(BODY), plan.sourceDigests().get(0).digest());
            assertEquals(base + "/files/tool.sh?x=1", plan.sourceDigests().get(0).source());
        }
        try (CopyPlan plan = add("/opt/renamed", List.of(), base + "/files/tool.sh")) {
            assertTrue(CopyFixture.byPath(plan.layerEntries()).containsKey("opt/renamed"));
        }
    }

    @Test
    void matchingChecksumPassesAndMismatchFailsNamingBothDigests() throws IOException {
        String good = FileDigester.sha256(BODY);
        try (CopyPlan plan = add("/x", List.of(Flag.of("checksum", good)), base + "/files/tool.sh")) {
            assertEquals(1, plan.layerEntries().size());
        }
        String bad = "sha256:" + "ab".repeat(32);
        CopyException e = assertThrows(CopyException.class, () -> add("/x", List.of(Flag.of("checksum", bad)), base + "/files/tool.sh"));
        assertEquals("ADD " + base + "/files/tool.sh: checksum mismatch: expected " + bad + ", downloaded content is " + good,
                e.getMessage());
        assertFalse(hasLeftovers(), "a failed ADD leaves no download behind");
    }

    @Test
    void httpErrorIsAOneLineErrorNamingTheUrl() throws IOException {
        CopyException e = assertThrows(CopyException.class, () -> add("/x", List.of(), base + "/missing"));
        assertEquals("ADD failed: cannot download " + base + "/missing: HTTP 404 Not Found", e.getMessage());
        assertFalse(hasLeftovers());
    }

    private boolean hasLeftovers() throws IOException {
        Path t = fx.store.resolve("tmp");
        if (!Files.exists(t)) {
            return false;
        }
        try (var s = Files.list(t)) {
            return s.findAny().isPresent();
        }
    }

    private static byte[] tarGz() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(bytes))) {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("app/run.sh");
            e.setSize(BODY.length);
            tar.putArchiveEntry(e);
            tar.write(BODY);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void remoteArchivesStayWholeUnlessUnpackIsTrue() throws IOException {
        try (CopyPlan plan = add("/opt/", List.of(), base + "/files/app.tar.gz")) {
            assertTrue(CopyFixture.byPath(plan.layerEntries()).containsKey("opt/app.tar.gz"), "as Docker: URLs are not extracted");
        }
        try (CopyPlan plan = add("/opt/", List.of(Flag.of("unpack", "true")), base + "/files/app.tar.gz")) {
            Map<String, LayerEntry> e = CopyFixture.byPath(plan.layerEntries());
            assertEquals("downloaded body\n", CopyFixture.content(e.get("opt/app/run.sh")));
            assertFalse(e.containsKey("opt/app.tar.gz"));
        }
    }
}
