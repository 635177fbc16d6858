package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.testing.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** buildx's -o types in one build: local, tar, tar on a stream, image with several names pushed. */
class OutputTypesBuildTest {
    @TempDir
    static Path shared;
    static TestRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        TestImages images = TestImages.create(shared);
        registry = TestRegistry.start(shared.resolve("registry"));
        images.copy("busybox", registry.host() + "/base/busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyOutputOfOneBuild(@TempDir Path tmp) throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.host() + "/base/busybox:1 AS build\n"
                + "COPY hello.txt /out/hello.txt\nFROM scratch\nCOPY --from=build /out/ /\n");
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        String a = registry.host() + "/team/a:1";
        String b = registry.host() + "/team/b:1";
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        BuildRequest request = BuildRequest.builder(context).root(tmp.resolve("root"))
                .output(OutputSpec.parse("type=local,dest=" + tmp.resolve("local")))
                .output(OutputSpec.parse("type=tar,dest=" + tmp.resolve("fs.tar")))
                .output(OutputSpec.parse("-").withStream(stdout))
                .output(OutputSpec.parse("type=image,\"name=" + a + "," + b + "\",push=true"))
                .build();

        BuildResult result = Builder.create().build(request);

        assertEquals("hello\n", Files.readString(tmp.resolve("local/hello.txt")));
        assertEquals("hello.txt\n", Command.ok("tar", "-tf", tmp.resolve("fs.tar").toString()));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("fs.tar")), stdout.toByteArray()), "-o - is the same tar");
        assertEquals(result.manifestDigest(), TestImages.digest(a).toString());
        assertEquals(result.manifestDigest(), TestImages.digest(b).toString());
        assertTrue(Command.ok("skopeo", "inspect", "oci:" + tmp.resolve("root") + ":" + a).contains(result.manifestDigest()),
                "type=image also names the image in the store");
    }

    @Test
    void aFailedBuildWritesNoOutput(@TempDir Path tmp) throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY missing.txt /\n");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        BuildRequest request = BuildRequest.builder(context).root(tmp.resolve("root"))
                .output(OutputSpec.parse(tmp.resolve("local").toString()))
                .output(OutputSpec.parse("type=tar,dest=-").withStream(stdout))
                .build();
        assertThrows(BuildException.class, () -> Builder.create().build(request));
        assertTrue(Files.notExists(tmp.resolve("local")));
        assertEquals(0, stdout.size());
    }

    @Test
    void annotationsGoWhereBuildxPutsThem(@TempDir Path tmp) throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /\n");
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        String tag = registry.host() + "/team/annotated:1";
        BuildRequest request = BuildRequest.builder(context).root(tmp.resolve("root")).tag(tag).push(true)
                .annotation(dev.strata.builder.api.Annotation.parse("org.opencontainers.image.source=https://example.com/app"))
                .annotation(dev.strata.builder.api.Annotation.parse("index:org.opencontainers.image.vendor=Strata"))
                .annotation(dev.strata.builder.api.Annotation.parse("manifest-descriptor:com.example.d=1"))
                .annotation(dev.strata.builder.api.Annotation.parse("manifest[linux/s390x]:com.example.other=no"))
                .output(OutputSpec.parse("type=oci,tar=false,dest=" + tmp.resolve("layout")))
                .build();
        BuildResult result = Builder.create().build(request);

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode pushed = json.readTree(Command.ok("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + tag));
        assertEquals("{\"org.opencontainers.image.source\":\"https://example.com/app\"}", pushed.path("annotations").toString(),
                "manifest annotations only, and only for this platform");
        com.fasterxml.jackson.databind.JsonNode layoutManifest = json.readTree(Command.ok("skopeo", "inspect", "--raw", "oci:" + tmp.resolve("layout")));
        assertEquals(pushed, layoutManifest);
        com.fasterxml.jackson.databind.JsonNode index = json.readTree(tmp.resolve("layout/index.json").toFile());
        assertEquals("Strata", index.path("annotations").path("org.opencontainers.image.vendor").asText(), index.toString());
        assertEquals("1", index.path("manifests").get(0).path("annotations").path("com.example.d").asText(), index.toString());
        assertEquals(result.manifestDigest(), index.path("manifests").get(0).path("digest").asText());
    }
}
