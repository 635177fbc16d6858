package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.DockerfileSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata instructions as Docker stores them, Dockerfiles from text, ADD archives and URLs. */
class MetadataBuildTest {
    @TempDir
    Path tmp;

    @Test
    void healthcheckEntrypointShellMaintainer() throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx);
        String dockerfile = """
                FROM scratch AS base
                CMD ["inherited"]
                MAINTAINER Jane <jane@example.com>
                FROM base
                SHELL ["/bin/bash", "-o", "pipefail", "-c"]
                ENTRYPOINT run --flag
                HEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD curl -f http://localhost/ || exit 1
                """;
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.dockerfile(DockerfileSource.text(dockerfile)).tag("meta:1"));
        JsonNode raw = TestBuild.rawConfig(root, "meta:1");
        JsonNode c = raw.get("config");
        assertEquals("Jane <jane@example.com>", raw.get("author").asText());
        assertFalse(c.has("Cmd"), "ENTRYPOINT must reset the inherited CMD: " + c);
        assertEquals(List.of("/bin/bash", "-o", "pipefail", "-c", "run --flag"), strings(c.get("Entrypoint")));
        assertEquals(List.of("/bin/bash", "-o", "pipefail", "-c"), strings(c.get("Shell")));
        JsonNode hc = c.get("Healthcheck");
        assertEquals(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), strings(hc.get("Test")));
        assertEquals(90_000_000_000L, hc.get("Interval").asLong());
        assertEquals(500_000_000L, hc.get("Timeout").asLong());
        assertEquals(3, hc.get("Retries").asInt());
        List<String> history = new ArrayList<>();
        raw.get("history").forEach(h -> history.add(h.get("created_by").asText()));
        assertEquals(List.of("CMD [\"inherited\"]", "MAINTAINER Jane <jane@example.com>", "SHELL [/bin/bash -o pipefail -c]",
                "ENTRYPOINT [\"/bin/bash\" \"-o\" \"pipefail\" \"-c\" \"run --flag\"]",
                "HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/ || exit 1\"] \"1m30s\" \"500ms\" \"0s\" \"0s\" '\\x03'}"),
                history);
    }

    @Test
    void cmdAfterEntrypointInTheSameStageIsKept() throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.dockerfile(DockerfileSource.text("FROM scratch\nCMD [\"a\"]\nENTRYPOINT [\"e\"]\n")).tag("m:2"));
        assertEquals(List.of("a"), strings(TestBuild.rawConfig(root, "m:2").get("config").get("Cmd")));
    }

    @Test
    void addExtractsArchivesAndVerifiesDownloads() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "tree/dir/inner.txt", "inner\n");
        dev.strata.builder.testing.Command.ok("tar", "-czf", ctx.resolve("tree.tar.gz").toString(), "-C", ctx.resolve("tree").toString(), "dir");
        byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/file.txt", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/file.txt";
            String good = "sha256:" + java.util.HexFormat.of().formatHex(sha256(body));
            TestBuild.write(ctx, "Dockerfile", "FROM scratch\nADD tree.tar.gz /x/\nADD --checksum=" + good + " " + url + " /dl/\n");
            Path root = tmp.resolve("store");
            TestBuild.run(ctx, root, b -> b.tag("add:1"));
            Path rootfs = TestBuild.unpack(root, "add:1", tmp.resolve("bundle"));
            assertEquals("inner\n", Files.readString(rootfs.resolve("x/dir/inner.txt")));
            assertEquals("downloaded\n", Files.readString(rootfs.resolve("dl/file.txt")));

            String bad = "sha256:" + "0".repeat(64);
            TestBuild.write(ctx, "Dockerfile", "FROM scratch\nADD --checksum=" + bad + " " + url + " /dl/\n");
            BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, root, b -> b.tag("add:2")));
            assertTrue(e.getMessage().startsWith("Dockerfile:2: "), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
