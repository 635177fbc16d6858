package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sbom}, {@code --provenance}, {@code --attest} on the command line, pushed to a real registry. */
class AttestationCommandTest {
    @TempDir
    Path tmp;

    private LocalRegistry registry;

    @AfterEach
    void stop() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    private Path context() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        return ctx;
    }

    @Test
    void flagsWithoutValueKeepTheContextAndPushCarriesTheAttestations() throws Exception {
        registry = LocalRegistry.start(tmp.resolve("registry"), null, null);
        String remote = registry.host() + "/team/att:1";
        Path root = tmp.resolve("store");
        // --provenance without a value must not swallow the context argument
        CliRun run = CliRun.of("build", "--root", root.toString(), "--progress=plain", "--insecure-registry", registry.host(),
                "-t", remote, "--push", "--sbom", "--provenance", context().toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode index = ExternalTool.skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + remote);
        assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
        JsonNode att = index.get("manifests").get(1);
        assertEquals("attestation-manifest", att.get("annotations").get("vnd.docker.reference.type").asText());
        JsonNode manifest = ExternalTool.skopeo("inspect", "--tls-verify=false", "--raw",
                "docker://" + registry.host() + "/team/att@" + att.get("digest").asText());
        assertEquals(2, manifest.get("layers").size());
        assertEquals("https://spdx.dev/Document", manifest.get("layers").get(0).get("annotations").get("in-toto.io/predicate-type").asText());
        assertEquals("https://slsa.dev/provenance/v0.2", manifest.get("layers").get(1).get("annotations").get("in-toto.io/predicate-type").asText());
    }

    @Test
    void attestFlagAndErrors() throws Exception {
        Path root = tmp.resolve("store");
        CliRun run = CliRun.of("build", "--root", root.toString(), "-t", "a:1", "--attest", "type=provenance,mode=max", context().toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode index = ExternalTool.skopeo("inspect", "--raw", "oci:" + root + ":a:1");
        assertEquals(2, index.get("manifests").size());

        CliRun bad = CliRun.of("build", "--root", root.toString(), "--provenance=mode=full", context().toString());
        assertEquals(2, bad.exitCode());
        assertEquals("error: invalid --provenance \"mode=full\" (expected true, false, mode=min or mode=max)", bad.err().strip());
        CliRun docker = CliRun.of("build", "--root", root.toString(), "--format", "docker", "--sbom=true", context().toString());
        assertEquals(1, docker.exitCode());
        assertTrue(docker.err().contains("--sbom and --provenance need --format oci"), docker.err());
        Path archive = tmp.resolve("image.tar");
        CliRun dockerArchive = CliRun.of("build", "--root", root.toString(), "--sbom=true", "-o", "type=docker,dest=" + archive,
                context().toString());
        assertEquals(1, dockerArchive.exitCode());
        assertTrue(dockerArchive.err().contains("-o type=docker cannot hold attestations"), dockerArchive.err());
        assertTrue(!java.nio.file.Files.exists(archive), "nothing is written");
    }
}
