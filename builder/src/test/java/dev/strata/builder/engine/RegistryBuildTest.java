package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FROM an image in a real local registry, and --push of the result, checked with skopeo. */
class RegistryBuildTest {
    @TempDir
    Path tmp;
    private Process registry;
    private String host;

    @BeforeEach
    void startRegistry() throws Exception {
        Path binary = Tools.require("docker-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        host = "127.0.0.1:" + port;
        Path config = TestBuild.write(tmp, "registry.yml", """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                """.formatted(tmp.resolve("registry-data"), host));
        registry = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("registry.log").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("registry did not start: " + Files.readString(tmp.resolve("registry.log")));
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.destroy();
        }
    }

    @Test
    void fromARegistryImageAndPush() throws IOException {
        Path layout = BusyboxLayout.create(tmp.resolve("busybox"), "1.0");
        Command.ok("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":1.0", "docker://" + host + "/base/busybox:1.0");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM " + host + "/base/busybox:1.0\nCOPY app.txt /app.txt\nCMD [\"cat\", \"/app.txt\"]\n");
        TestBuild.write(ctx, "app.txt", "pushed\n");
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.tag(host + "/team/app:1").push(true));
        JsonNode pushed = new ObjectMapper().readTree(Command.ok("skopeo", "inspect", "--tls-verify=false", "--raw",
                "docker://" + host + "/team/app:1"));
        JsonNode local = TestBuild.manifest(root, host + "/team/app:1");
        assertEquals(local, pushed);
        assertEquals(build.result.manifestDigest(), "sha256:" + sha256(Command.ok("skopeo", "inspect", "--tls-verify=false",
                "--raw", "docker://" + host + "/team/app:1").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode baseManifest = TestBuild.manifest(layout, "1.0");
        assertEquals(baseManifest.get("layers").get(0).get("digest"), pushed.get("layers").get(0).get("digest"));
        assertTrue(build.stepLines().get(0).contains("FROM " + host + "/base/busybox:1.0"), build.stepLines().toString());
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
