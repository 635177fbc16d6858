package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata push} and {@code strata pull} against a real docker-registry, checked with skopeo. */
class PushPullCommandTest {
    @TempDir
    Path tmp;

    private LocalRegistry registry;

    @AfterEach
    void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    /** Starts docker-registry on a free port; returns {@code 127.0.0.1:PORT}. */
    private String startRegistry() throws IOException, InterruptedException {
        registry = LocalRegistry.start(tmp.resolve("registry"), null, null);
        return registry.host();
    }

    @Test
    void pushThenPullIntoAFreshStore() throws Exception {
        String host = startRegistry();
        Path root = tmp.resolve("store");
        ImageCommandsTest.build(tmp, root, "app:1.0", ImageCommandsTest.APP, "hello\n");
        JsonNode manifest = ImageCommandsTest.manifest(root, "app:1.0");
        String id = manifest.get("config").get("digest").asText();
        String remote = host + "/team/app:1.0";

        CliRun push = ImageCommandsTest.strata(root, "push", "--insecure-registry", host, "app:1.0", remote);
        assertEquals(0, push.exitCode(), push.err());
        JsonNode pushed = ExternalTool.skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + remote);
        assertEquals("application/vnd.oci.image.layer.v1.tar", manifest.get("layers").get(0).get("mediaType").asText());
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", pushed.get("layers").get(0).get("mediaType").asText(),
                "the store keeps tar layers; a push compresses them");
        assertEquals(manifest.get("config"), pushed.get("config"));
        manifest = ImageCommandsTest.manifest(root, "app:1.0");
        assertEquals(manifest, pushed, "the store then names the pushed manifest, byte for byte");
        assertTrue(push.out().contains("digest: sha256:"), push.out());

        Path fresh = tmp.resolve("fresh");
        CliRun pull = ImageCommandsTest.strata(fresh, "pull", "--insecure-registry", host, remote);
        assertEquals(0, pull.exitCode(), pull.err());
        assertTrue(pull.out().startsWith(remote + ": image ID " + id), pull.out());
        assertEquals(manifest, ImageCommandsTest.manifest(fresh, remote));
        assertTrue(ImageCommandsTest.strata(fresh, "images").out().contains(host + "/team/app   1.0"),
                ImageCommandsTest.strata(fresh, "images").out());

        // a name of its own: push without DEST goes to that name
        assertEquals(0, ImageCommandsTest.strata(root, "tag", "app:1.0", host + "/team/app:2").exitCode());
        CliRun own = ImageCommandsTest.strata(root, "push", "--insecure-registry", host, host + "/team/app:2");
        assertEquals(0, own.exitCode(), own.err());
        ExternalTool.skopeo("inspect", "--tls-verify=false", "docker://" + host + "/team/app:2");

        CliRun missing = ImageCommandsTest.strata(fresh, "pull", "--insecure-registry", host, host + "/team/nosuch:1");
        assertEquals(1, missing.exitCode());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("error: "), missing.err());
    }
}
