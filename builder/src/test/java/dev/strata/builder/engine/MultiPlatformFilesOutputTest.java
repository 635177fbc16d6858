package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -o type=local and type=tar of a multi-platform build: one directory per platform, as buildx splits them. */
class MultiPlatformFilesOutputTest {
    @TempDir
    Path tmp;

    @Test
    void eachPlatformInItsDirectory() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nARG TARGETARCH\nCOPY $TARGETARCH.txt /arch.txt\n");
        TestBuild.write(ctx, "amd64.txt", "amd64\n");
        TestBuild.write(ctx, "arm64.txt", "arm64\n");
        TestBuild.run(ctx, tmp.resolve("store"), b -> b.platform("linux/amd64,linux/arm64")
                .output(OutputSpec.parse("type=local,dest=" + tmp.resolve("out")))
                .output(OutputSpec.parse("type=tar,dest=" + tmp.resolve("out.tar"))));
        assertEquals("amd64\n", Files.readString(tmp.resolve("out/linux_amd64/arch.txt")));
        assertEquals("arm64\n", Files.readString(tmp.resolve("out/linux_arm64/arch.txt")));
        assertEquals("linux_amd64/\nlinux_amd64/arch.txt\nlinux_arm64/\nlinux_arm64/arch.txt\n",
                Command.ok("tar", "-tf", tmp.resolve("out.tar").toString()));
    }

    @Test
    void annotationsOfAMultiPlatformBuild() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nCOPY a.txt /a.txt\n");
        TestBuild.write(ctx, "a.txt", "a\n");
        Path layout = tmp.resolve("layout");
        TestBuild.run(ctx, tmp.resolve("store"), b -> b.platform("linux/amd64,linux/arm64").tag("multi:1")
                .annotation(dev.strata.builder.api.Annotation.parse("index:com.example.i=1"))
                .annotation(dev.strata.builder.api.Annotation.parse("manifest[linux/arm64]:com.example.m=arm"))
                .annotation(dev.strata.builder.api.Annotation.parse("manifest-descriptor:com.example.d=2"))
                .annotation(dev.strata.builder.api.Annotation.parse("index-descriptor:com.example.x=3"))
                .output(OutputSpec.parse("type=oci,tar=false,dest=" + layout)));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String skopeo = dev.strata.builder.testing.Tools.require("skopeo").toString();
        com.fasterxml.jackson.databind.JsonNode index = json.readTree(Command.ok(skopeo, "inspect", "--raw", "oci:" + layout + ":1"));
        assertEquals("{\"com.example.i\":\"1\"}", index.path("annotations").toString());
        assertEquals("2", index.path("manifests").get(0).path("annotations").path("com.example.d").asText(), index.toString());
        com.fasterxml.jackson.databind.JsonNode layoutIndex = json.readTree(layout.resolve("index.json").toFile());
        assertEquals("3", layoutIndex.path("manifests").get(0).path("annotations").path("com.example.x").asText(), layoutIndex.toString());
        for (com.fasterxml.jackson.databind.JsonNode m : index.path("manifests")) {
            String digest = m.path("digest").asText().substring("sha256:".length());
            com.fasterxml.jackson.databind.JsonNode manifest = json.readTree(layout.resolve("blobs/sha256/" + digest).toFile());
            String arch = m.path("platform").path("architecture").asText();
            assertEquals(arch.equals("arm64") ? "{\"com.example.m\":\"arm\"}" : "", manifest.path("annotations").toString(), arch);
        }
    }
}
