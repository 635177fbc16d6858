package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step cache never hands a layer of one compression to a build asking for another. */
class CompressionCacheTest {
    @TempDir
    Path tmp;

    private Path context() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n");
        TestBuild.write(ctx, "hello.txt", "hello\n");
        return ctx;
    }

    private static String layerMediaType(Path root, String tag) throws IOException {
        JsonNode layers = TestBuild.manifest(root, tag).get("layers");
        assertEquals(1, layers.size());
        return layers.get(0).get("mediaType").asText();
    }

    @Test
    void zstdBuildAfterGzipBuildOnTheSameRootWritesAZstdLayer() throws IOException {
        Path root = tmp.resolve("store");
        Path ctx = context();
        TestBuild.run(ctx, root, b -> b.tag("app:gz").compression(Compression.GZIP));
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layerMediaType(root, "app:gz"));
        TestBuild zstd = TestBuild.run(ctx, root, b -> b.tag("app:zst").compression(Compression.ZSTD));
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", layerMediaType(root, "app:zst"));
        assertTrue(zstd.stepLines().contains("#1 DONE"), zstd.stepLines().toString());
        TestBuild again = TestBuild.run(ctx, root, b -> b.tag("app:zst").compression(Compression.ZSTD));
        assertEquals(List.of("#1 [1/1] COPY hello.txt /hello.txt", "#1 CACHED"), again.stepLines());
        assertEquals(zstd.result.manifestDigest(), again.result.manifestDigest());
    }

    @Test
    void cachedLayerWhoseBlobLeftTheStoreIsRebuilt() throws IOException {
        Path root = tmp.resolve("store");
        Path ctx = context();
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        String digest = TestBuild.manifest(root, "app:1").get("layers").get(0).get("digest").asText();
        Files.delete(root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
        TestBuild second = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertEquals(List.of("#1 [1/1] COPY hello.txt /hello.txt", "#1 DONE"), second.stepLines());
        assertEquals(first.result.manifestDigest(), second.result.manifestDigest());
        assertTrue(Files.exists(root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()))));
    }
}
