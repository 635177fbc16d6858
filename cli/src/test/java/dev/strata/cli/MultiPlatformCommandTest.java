package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata build --platform linux/amd64,linux/arm64} of a COPY-only Dockerfile (no base, no
 * emulation): the index it stores, the files it writes, the outputs it refuses, and save.
 */
class MultiPlatformCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anIndexIsStoredReportedAndSavedWhole() throws IOException, InterruptedException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nARG TARGETARCH\nCOPY hello.txt /hello-$TARGETARCH.txt\n");
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        Path root = tmp.resolve("store");
        Path iid = tmp.resolve("iid");
        Path meta = tmp.resolve("meta.json");
        CliRun run = CliRun.of("build", "--root", root.toString(), "--progress=plain", "--platform", "linux/amd64,linux/arm64",
                "--iidfile", iid.toString(), "--metadata-file", meta.toString(), "-t", "multi:1", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("[linux/arm64 1/1] COPY hello.txt /hello-arm64.txt"), run.err());

        JsonNode index = BuildCommandTest.Skopeo.json("inspect", "--raw", "oci:" + root + ":multi:1");
        assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText(), index.toString());
        assertEquals("amd64", index.path("manifests").get(0).path("platform").path("architecture").asText());
        assertEquals("arm64", index.path("manifests").get(1).path("platform").path("architecture").asText());
        JsonNode armLayers = BuildCommandTest.Skopeo.json("--override-arch", "arm64", "inspect", "oci:" + root + ":multi:1");
        assertEquals("arm64", armLayers.path("Architecture").asText());

        JsonNode metadata = new ObjectMapper().readTree(meta.toFile());
        String indexDigest = metadata.path("containerimage.digest").asText();
        assertTrue(indexDigest.startsWith("sha256:"), metadata.toString());
        assertFalse(metadata.has("containerimage.config.digest"), "an index has no one config: " + metadata);
        assertEquals(indexDigest, Files.readString(iid).strip(), "buildx's iidfile holds the index digest");

        Path saved = tmp.resolve("saved.tar");
        assertEquals(0, CliRun.of("save", "--root", root.toString(), "-o", saved.toString(), "multi:1").exitCode());
        Path unpacked = Files.createDirectories(tmp.resolve("saved"));
        assertEquals(0, new ProcessBuilder("tar", "-xf", saved.toString(), "-C", unpacked.toString()).inheritIO().start().waitFor());
        assertEquals(index, BuildCommandTest.Skopeo.json("inspect", "--raw", "oci:" + unpacked + ":1"));
    }

    @Test
    void aDockerArchiveOutputIsRefusedBeforeBuilding() throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        Path dest = tmp.resolve("image.tar");
        CliRun run = CliRun.of("build", "--root", tmp.resolve("store").toString(), "--platform", "linux/amd64,linux/arm64",
                "-o", "type=docker,dest=" + dest, ctx.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("docker exporter does not currently support exporting manifest lists"), run.err());
        assertFalse(Files.exists(dest));
    }
}
