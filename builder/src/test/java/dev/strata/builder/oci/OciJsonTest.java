package dev.strata.builder.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.hash.Digest;
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
}
