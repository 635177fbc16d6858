package dev.strata.builder.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciJsonTest {
    static final String DIFF = "sha256:" + "a".repeat(64);

    static final String DOCKER_CONFIG = """
            {"architecture":"amd64","config":{"Hostname":"","Env":["PATH=/bin","A=1"],"Cmd":["sh"],
             "ExposedPorts":{"80/tcp":{},"443/tcp":{}},"Volumes":{"/data":{}},"Labels":{"z":"1","a":"2"},
             "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":30000000000,"Retries":3},
             "OnBuild":["RUN echo hi"],"Shell":["/bin/bash","-c"],"StopSignal":"SIGTERM","ArgsEscaped":true,
             "WorkingDir":"/app","User":"app","Entrypoint":null},
             "container":"abc","container_config":{"Cmd":["/bin/sh"]},"created":"2023-05-04T17:37:03.872958712Z",
             "docker_version":"20.10.23","history":[{"created":"2023-05-04T17:37:03Z","created_by":"ADD file:x in / "},
             {"created":"2023-05-04T17:37:03Z","created_by":"CMD [\\"sh\\"]","empty_layer":true,"x-extra":1}],
             "os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]},"variant":"v8"}
            """.formatted(DIFF);

    @Test
    void aConfigSurvivesAReadWriteWithItsUnknownFields() throws IOException {
        ImageConfig config = OciJson.read(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config");
        ContainerConfig c = config.config();
        assertEquals(List.of("PATH=/bin", "A=1"), c.env());
        assertEquals("1", c.envValue("A"));
        assertEquals(List.of("80/tcp", "443/tcp").stream().sorted().toList(), List.copyOf(c.exposedPorts()));
        assertEquals(30_000_000_000L, c.healthcheck().interval());
        assertEquals(3, c.healthcheck().retries());
        assertEquals(List.of("RUN echo hi"), c.onBuild());
        assertEquals(List.of("/bin/bash", "-c"), c.shell());
        assertNull(c.entrypoint());
        assertEquals(List.of(Digest.parse(DIFF)), config.rootfs().diffIds());
        assertTrue(config.history().get(1).isEmptyLayer());
        assertEquals("20.10.23", config.extra().get("docker_version").asText());

        byte[] written = OciJson.write(config);
        String text = new String(written, StandardCharsets.UTF_8);
        assertEquals(OciJson.tree(DOCKER_CONFIG.replace("\"Entrypoint\":null", "\"Entrypoint\":[]").getBytes(StandardCharsets.UTF_8), "x")
                .path("container_config"), OciJson.tree(written, "y").path("container_config"));
        assertTrue(text.startsWith("{\"created\":\"2023-05-04T17:37:03.872958712Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"variant\":\"v8\",\"config\":{\"User\":\"app\",\"ExposedPorts\":{\"443/tcp\":{},\"80/tcp\":{}},"), text);
        assertTrue(text.contains("\"Labels\":{\"a\":\"2\",\"z\":\"1\"}"), text);
        assertTrue(text.contains("\"Hostname\":\"\""), text);
        assertTrue(text.contains("{\"created\":\"2023-05-04T17:37:03Z\",\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true,\"x-extra\":1}"), text);
        assertTrue(text.contains("\"container\":\"abc\""), text);
        // stable: parse and write again gives the same bytes
        assertEquals(text, new String(OciJson.write(OciJson.read(written, ImageConfig.class, "again")), StandardCharsets.UTF_8));
    }

    @Test
    void descriptorsAndManifestsKeepAnnotationsPlatformsAndUnknownFields() throws IOException {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7,
                 "platform":{"architecture":"arm64","os":"linux","variant":"v8","os.features":["x"]},
                 "annotations":{"org.opencontainers.image.ref.name":"v1"},"data":"e30="}],"annotations":{"k":"v"}}
                """.formatted(DIFF);
        Index index = OciJson.read(json.getBytes(StandardCharsets.UTF_8), Index.class, "index.json");
        Descriptor d = index.manifests().get(0);
        assertEquals("v1", d.annotation("org.opencontainers.image.ref.name"));
        assertEquals("v8", d.platform().variant());
        assertEquals(List.of("x"), d.platform().osFeatures());
        assertTrue(d.platform().matches(Platform.parse("linux/arm64")));
        assertTrue(!d.platform().matches(Platform.parse("linux/amd64")));
        assertTrue(Platform.parse("linux/arm/v7").matches(Platform.parse("linux/arm")));
        assertTrue(!Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm")));
        assertTrue(!Platform.parse("linux/arm64/v9").matches(Platform.parse("linux/arm64")));
        assertEquals("linux/amd64", Platform.parse("Linux/x86_64").toString());
        assertEquals("e30=", d.extra().get("data").asText());
        assertEquals(OciJson.tree(json.getBytes(StandardCharsets.UTF_8), "a"), OciJson.tree(OciJson.write(index), "b"));

        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(DIFF), 3),
                List.of(), Map.of("b", "2", "a", "1"));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + DIFF + "\",\"size\":3},\"layers\":[],"
                + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}", new String(OciJson.write(manifest), StandardCharsets.UTF_8));
    }

    @Test
    void badJsonNamesTheDocument() {
        IOException e = assertThrows(IOException.class,
                () -> OciJson.read("{\"rootfs\":{\"diff_ids\":[\"md5:x\"]}}".getBytes(StandardCharsets.UTF_8), ImageConfig.class, "base/config"));
        assertTrue(e.getMessage().startsWith("base/config: invalid ImageConfig JSON"), e.getMessage());
    }

    /** A cache key holds a platform as the tree of its OCI JSON: every field, in place, extras last. */
    @Test
    void aPlatformsTreeIsItsJson() throws IOException {
        Platform platform = new Platform("arm", "linux", "1.0", List.of("f1"), "v7", List.of("sse4"),
                Map.of("x-p", Json.parse("[1,{\"b\":2.5}]".getBytes(StandardCharsets.UTF_8))));
        assertEquals("{\"architecture\":\"arm\",\"os\":\"linux\",\"os.version\":\"1.0\",\"os.features\":[\"f1\"],"
                + "\"variant\":\"v7\",\"features\":[\"sse4\"],\"x-p\":[1,{\"b\":2.5}]}",
                new String(Json.bytes(platform.toJsonTree()), StandardCharsets.UTF_8));
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"linux\"}",
                new String(Json.bytes(Platform.parse("linux/amd64").toJsonTree()), StandardCharsets.UTF_8));
    }

    @Test
    void everyFieldIsWrittenInItsPlaceAndReadBack() throws IOException {
        Digest d = Digest.parse(DIFF);
        Platform platform = new Platform("arm", "linux", "1.0", List.of("f1"), "v7", List.of("sse4"), Map.of("x-p", Json.parse("[1]".getBytes(StandardCharsets.UTF_8))));
        Healthcheck health = new Healthcheck(List.of("CMD", "true"), 1L, 2L, 3L, 4L, 5, null);
        ContainerConfig container = new ContainerConfig("app", java.util.Set.of("80/tcp", "443/udp"), List.of("A=1"), List.of("/e"), List.of("c"),
                java.util.Set.of("/v"), "/w", Map.of("z", "1", "a", "2"), "SIGINT", true, health, List.of("RUN x"), List.of("/bin/sh", "-c"),
                Map.of("Hostname", Json.parse("\"h\"".getBytes(StandardCharsets.UTF_8))));
        ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", "me", "arm", "linux", "1.0", List.of("f1"), "v7", container,
                RootFs.of(List.of(d)), List.of(new History("t", "RUN \u001b[31m", "me", "c", true, null)), Map.of("zz", Json.parse("{}".getBytes(StandardCharsets.UTF_8))));
        String configJson = "{\"created\":\"1970-01-01T00:00:00Z\",\"author\":\"me\",\"architecture\":\"arm\",\"os\":\"linux\","
                + "\"os.version\":\"1.0\",\"os.features\":[\"f1\"],\"variant\":\"v7\",\"config\":{\"User\":\"app\","
                + "\"ExposedPorts\":{\"443/udp\":{},\"80/tcp\":{}},\"Env\":[\"A=1\"],\"Entrypoint\":[\"/e\"],\"Cmd\":[\"c\"],"
                + "\"Volumes\":{\"/v\":{}},\"WorkingDir\":\"/w\",\"Labels\":{\"a\":\"2\",\"z\":\"1\"},\"StopSignal\":\"SIGINT\","
                + "\"ArgsEscaped\":true,\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":1,\"Timeout\":2,\"StartPeriod\":3,"
                + "\"StartInterval\":4,\"Retries\":5},\"OnBuild\":[\"RUN x\"],\"Shell\":[\"/bin/sh\",\"-c\"],\"Hostname\":\"h\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIFF + "\"]},\"history\":[{\"created\":\"t\","
                + "\"created_by\":\"RUN \\u001B[31m\",\"author\":\"me\",\"comment\":\"c\",\"empty_layer\":true}],\"zz\":{}}";
        assertEquals(configJson, new String(OciJson.write(config), StandardCharsets.UTF_8));
        assertEquals(config, OciJson.read(configJson.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config"));

        Descriptor descriptor = new Descriptor(MediaTypes.OCI_MANIFEST, "a/t", d, 9, List.of("u"), Map.of("k", "v"), platform, null);
        Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, "a/t", Descriptor.of(MediaTypes.OCI_CONFIG, d, 1),
                List.of(descriptor), Descriptor.of(MediaTypes.OCI_MANIFEST, d, 2), Map.of("m", "n"), null);
        String descriptorJson = "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"a/t\",\"digest\":\"" + DIFF
                + "\",\"size\":9,\"urls\":[\"u\"],\"annotations\":{\"k\":\"v\"},\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\","
                + "\"os.version\":\"1.0\",\"os.features\":[\"f1\"],\"variant\":\"v7\",\"features\":[\"sse4\"],\"x-p\":[1]}}";
        String manifestJson = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"a/t\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + DIFF + "\",\"size\":1},\"layers\":["
                + descriptorJson + "],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + DIFF + "\",\"size\":2},"
                + "\"annotations\":{\"m\":\"n\"}}";
        assertEquals(manifestJson, new String(OciJson.write(manifest), StandardCharsets.UTF_8));
        assertEquals(manifest, OciJson.read(manifestJson.getBytes(StandardCharsets.UTF_8), Manifest.class, "manifest"));

        Index index = new Index(2, MediaTypes.OCI_INDEX, null, List.of(descriptor), null, null, Map.of("x", Json.parse("null".getBytes(StandardCharsets.UTF_8))));
        String indexJson = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + descriptorJson + "],\"x\":null}";
        assertEquals(indexJson, new String(OciJson.write(index), StandardCharsets.UTF_8));
        assertEquals(index, OciJson.read(indexJson.getBytes(StandardCharsets.UTF_8), Index.class, "index"));
    }

    @Test
    void scalarsAreCoercedAsDockerWritesThem() throws IOException {
        ImageConfig config = OciJson.read(("{\"created\":5,\"config\":{\"Labels\":{\"a\":1,\"b\":null},\"ExposedPorts\":[\"80\"],"
                + "\"Healthcheck\":{\"Interval\":\"5\",\"Retries\":2.5}},\"history\":[{\"empty_layer\":\"true\"}]}").getBytes(StandardCharsets.UTF_8),
                ImageConfig.class, "c");
        assertEquals("{\"created\":\"5\",\"config\":{\"ExposedPorts\":{},\"Labels\":{\"a\":\"1\",\"b\":null},\"Healthcheck\":{\"Interval\":5,"
                + "\"Retries\":2}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[{\"empty_layer\":true}]}",
                new String(OciJson.write(config), StandardCharsets.UTF_8));
    }

    @Test
    void aDocumentOfTheWrongShapeIsANamedErrorNeverACrash() {
        Map<String, Class<?>> bad = new java.util.LinkedHashMap<>();
        bad.put("", ImageConfig.class);
        bad.put("null", ImageConfig.class);
        bad.put("[]", ImageConfig.class);
        bad.put("{\"config\":{\"Cmd\":\"x\"}}", ImageConfig.class);
        bad.put("{\"config\":{\"Cmd\":[1,null]}}", ImageConfig.class);
        bad.put("{\"config\":[]}", ImageConfig.class);
        bad.put("{\"config\":{\"Labels\":{\"a\":{}}}}", ImageConfig.class);
        bad.put("{\"config\":{\"ArgsEscaped\":\"maybe\"}}", ImageConfig.class);
        bad.put("{\"history\":[null]}", ImageConfig.class);
        bad.put("{\"history\":{}}", ImageConfig.class);
        bad.put("{\"rootfs\":{\"diff_ids\":[\"md5:x\"]}}", ImageConfig.class);
        bad.put("{\"schemaVersion\":2}", Manifest.class);
        bad.put("{\"config\":{\"digest\":\"" + DIFF + "\"}}", Manifest.class);
        bad.put("{\"config\":{\"mediaType\":\"m\",\"digest\":\"" + DIFF + "\",\"size\":\"big\"}}", Manifest.class);
        bad.put("{\"schemaVersion\":99999999999,\"manifests\":[]}", Index.class);
        bad.put("{\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"" + DIFF + "\",\"platform\":7}]}", Index.class);
        bad.put("{\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"" + DIFF + "\",\"size\":1e999}]}", Index.class);
        bad.forEach((json, type) -> {
            IOException e = assertThrows(IOException.class, () -> OciJson.read(json.getBytes(StandardCharsets.UTF_8), type, "doc"), json);
            assertTrue(e.getMessage().startsWith("doc: invalid "), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        });
    }
}
