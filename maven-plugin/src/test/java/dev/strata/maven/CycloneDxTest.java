package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycloneDxTest {
    @Test
    void packageUrlsAsThePurlSpecWritesMavenArtifacts() {
        assertEquals("pkg:maven/org.example/lib@1.0?type=jar", CycloneDx.purl("org.example", "lib", "1.0", Optional.empty(), "jar"));
        assertEquals("pkg:maven/org.example/lib@1.0%2Bbuild?classifier=linux-x86_64&type=jar",
                CycloneDx.purl("org.example", "lib", "1.0+build", Optional.of("linux-x86_64"), "jar"));
    }

    @Test
    void theSameDependenciesGiveTheSameBytesWithTheGraphAndHashes(@TempDir Path tmp) throws IOException {
        Path a = Files.writeString(tmp.resolve("a.jar"), "a");
        Path b = Files.writeString(tmp.resolve("b.jar"), "b\"");
        List<JavaLayers.Dependency> deps = List.of(
                new JavaLayers.Dependency("g", "b", "2", "2", Optional.empty(), "jar", "runtime", false, b, Optional.of("g:a:1")),
                new JavaLayers.Dependency("g", "a", "1", "1", Optional.empty(), "jar", "compile", false, a, Optional.empty()));
        CycloneDx sbom = new CycloneDx("com.example", "app", "1.0", Optional.of(Instant.parse("2025-01-01T00:00:00Z")));
        String json = sbom.json(deps);
        assertEquals(json, sbom.json(List.of(deps.get(1), deps.get(0))), "order-independent");
        assertTrue(json.contains("\"timestamp\": \"2025-01-01T00:00:00Z\""), json);
        // sha256("a")
        assertTrue(json.contains("\"content\": \"ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\""), json);
        assertTrue(json.contains("{\"ref\": \"pkg:maven/com.example/app@1.0?type=jar\", \"dependsOn\": [\"pkg:maven/g/a@1?type=jar\"]}"), json);
        assertTrue(json.contains("{\"ref\": \"pkg:maven/g/a@1?type=jar\", \"dependsOn\": [\"pkg:maven/g/b@2?type=jar\"]}"), json);
        assertTrue(json.contains("{\"name\": \"maven:scope\", \"value\": \"runtime\"}"), json);
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json); // valid JSON
        assertTrue(!new CycloneDx("g", "x", "1", Optional.empty()).json(deps).contains("timestamp"));
    }
}
