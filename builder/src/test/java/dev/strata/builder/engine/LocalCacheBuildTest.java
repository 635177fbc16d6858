package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cache-to/--cache-from type=local (BuildKit's local cache: an OCI layout), mode=min, --no-cache-filter. */
class LocalCacheBuildTest {
    @TempDir
    Path tmp;
    Path context;

    @BeforeEach
    void context() throws IOException {
        context = Files.createDirectories(tmp.resolve("context"));
        TestBuild.write(context, "Dockerfile", """
                FROM scratch AS build
                COPY a.txt /a.txt
                COPY b.txt /b.txt
                FROM scratch
                COPY --from=build /a.txt /out/a.txt
                COPY c.txt /c.txt
                """);
        TestBuild.write(context, "a.txt", "a\n");
        TestBuild.write(context, "b.txt", "b\n");
        TestBuild.write(context, "c.txt", "c\n");
    }

    private TestBuild build(String root, String... caches) {
        return TestBuild.run(context, tmp.resolve(root), b -> {
            for (String c : caches) {
                if (c.startsWith("to:")) {
                    b.cacheTo(CacheSpec.parse(c.substring(3)));
                } else {
                    b.cacheFrom(CacheSpec.parse(c.substring(5)));
                }
            }
        });
    }

    private static long cached(TestBuild t) {
        return t.stepLines().stream().filter(l -> l.endsWith(" CACHED")).count();
    }

    @Test
    void aFreshStoreBuildsEverythingFromTheLocalCache() throws IOException {
        Path cache = tmp.resolve("cache");
        TestBuild first = build("root1", "to:type=local,dest=" + cache);
        assertEquals(0, cached(first));
        JsonNode manifest = new ObjectMapper().readTree(Command.ok(Tools.require("skopeo").toString(), "inspect", "--raw", "oci:" + cache + ":latest"));
        assertEquals("application/vnd.strata.cache.config.v1+json", manifest.path("config").path("mediaType").asText());
        assertEquals("4", manifest.path("annotations").path("dev.strata.cache.entries").asText(), manifest.toString());
        assertEquals(4, manifest.path("layers").size(), "every layer of both stages (mode=max)");

        TestBuild second = build("root2", "from:type=local,src=" + cache);
        assertEquals(4, cached(second), second.stepLines().toString());
        assertEquals(first.result.manifestDigest(), second.result.manifestDigest());
    }

    @Test
    void modeMinExportsOnlyTheFinalStage() throws IOException {
        Path cache = tmp.resolve("cache");
        build("root1", "to:type=local,dest=" + cache + ",mode=min");
        JsonNode manifest = new ObjectMapper().readTree(Command.ok(Tools.require("skopeo").toString(), "inspect", "--raw", "oci:" + cache + ":latest"));
        assertEquals("2", manifest.path("annotations").path("dev.strata.cache.entries").asText(), manifest.toString());

        TestBuild second = build("root2", "from:type=local,src=" + cache);
        List<String> lines = second.stepLines();
        assertEquals(2, cached(second), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("[build") && l.endsWith("CACHED")), lines.toString());
    }

    @Test
    void noCacheFilterRebuildsOnlyTheNamedStage() {
        build("root");
        TestBuild again = TestBuild.run(context, tmp.resolve("root"), b -> b.noCacheFilter("BUILD"));
        List<String> lines = again.stepLines();
        assertEquals(2, cached(again), lines.toString());
        // stages start in parallel, so the step's number is not fixed: find it by its text
        String step = lines.stream().filter(l -> l.endsWith(" [build 1/2] COPY a.txt /a.txt")).findFirst()
                .map(l -> l.substring(0, l.indexOf(' '))).orElseThrow(() -> new AssertionError(lines.toString()));
        assertTrue(!lines.contains(step + " CACHED"), lines.toString());
    }

    @Test
    void aDamagedOrHostileCacheIsAWarningAndTheBuildGoesOn() throws IOException {
        Path cache = tmp.resolve("cache");
        TestBuild first = build("root1", "to:type=local,dest=" + cache);
        // every layer blob damaged: a hit whose blob does not match is a miss, built anew
        try (var blobs = Files.list(cache.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                if (Files.size(blob) > 0 && Files.readAllBytes(blob)[0] != '{') { // layers (tar or gzip), not JSON documents
                    byte[] bytes = Files.readAllBytes(blob);
                    bytes[bytes.length / 2] ^= 1;
                    Files.write(blob, bytes);
                }
            }
        }
        TestBuild damaged = build("root2", "from:type=local,src=" + cache);
        assertEquals(first.result.manifestDigest(), damaged.result.manifestDigest());
        assertEquals(0, cached(damaged), damaged.stepLines().toString());

        Files.delete(cache.resolve("index.json"));
        Files.createSymbolicLink(cache.resolve("index.json"), Path.of("/etc/passwd"));
        TestBuild hostile = build("root3", "from:type=local,src=" + cache);
        assertEquals(first.result.manifestDigest(), hostile.result.manifestDigest());
        assertEquals(List.of("cannot import cache " + cache + ": " + cache.resolve("index.json") + " is not a regular file"), hostile.warnings());
    }
}
