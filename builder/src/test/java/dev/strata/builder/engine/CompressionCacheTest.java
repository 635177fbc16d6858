package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.Compression;
import dev.strata.builder.api.OutputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store keeps layers uncompressed whatever the build's compression; the image that leaves it
 * (push, OCI export) has them compressed as asked, and is what the store then names.
 */
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
    void storeKeepsTarLayersAndExportsCompressThemAsAsked() throws IOException {
        Path root = tmp.resolve("store");
        Path ctx = context();
        TestBuild plain = TestBuild.run(ctx, root, b -> b.tag("app:plain"));
        assertEquals("application/vnd.oci.image.layer.v1.tar", layerMediaType(root, "app:plain"));

        TestBuild gzip = TestBuild.run(ctx, root, b -> b.tag("app:gz").output(OutputSpec.parse("type=oci,dest=" + tmp.resolve("gz.tar"))));
        assertEquals(List.of("#1 [1/1] COPY hello.txt /hello.txt", "#1 CACHED"), gzip.stepLines());
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layerMediaType(root, "app:gz"));
        assertEquals(TestBuild.manifest(root, "app:gz").toString(), exported(tmp.resolve("gz.tar")).toString(),
                "the store names the exported manifest");
        assertEquals(plain.result.imageId(), gzip.result.imageId(), "compression leaves the config alone");
        assertNotEquals(plain.result.manifestDigest(), gzip.result.manifestDigest());
        TestBuild rebuilt = TestBuild.run(ctx, root, b -> b.tag("app:again"));
        assertEquals(gzip.result.manifestDigest(), rebuilt.result.manifestDigest(), "once compressed, a build in the store names that form");

        TestBuild zstd = TestBuild.run(ctx, root, b -> b.tag("app:zst").compression(Compression.ZSTD)
                .output(OutputSpec.parse("type=oci,dest=" + tmp.resolve("zst.tar"))));
        assertEquals(List.of("#1 [1/1] COPY hello.txt /hello.txt", "#1 CACHED"), zstd.stepLines());
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", layerMediaType(root, "app:zst"));
        TestBuild again = TestBuild.run(ctx, root, b -> b.tag("app:zst").compression(Compression.ZSTD)
                .output(OutputSpec.parse("type=oci,dest=" + tmp.resolve("zst2.tar"))));
        assertEquals(zstd.result.manifestDigest(), again.result.manifestDigest());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("zst.tar")), Files.readAllBytes(tmp.resolve("zst2.tar")));
    }

    @Test
    void aPrunedTarLayerIsServedByItsCompressedFormOnTheNextBuild() throws IOException {
        Path root = tmp.resolve("store");
        Path ctx = context();
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1").output(OutputSpec.parse("type=oci,dest=" + tmp.resolve("a.tar"))));
        String tar = first.stepLines().toString();
        assertTrue(dev.strata.builder.api.ImageStore.open(root).prune(null, null).blobs() > 0, "the tar layer and its manifest went");
        TestBuild again = TestBuild.run(ctx, root, b -> b.tag("app:1").output(OutputSpec.parse("type=oci,dest=" + tmp.resolve("b.tar"))));
        assertEquals(List.of("#1 [1/1] COPY hello.txt /hello.txt", "#1 CACHED"), again.stepLines(), tar);
        assertEquals(first.result.manifestDigest(), again.result.manifestDigest());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.tar")), Files.readAllBytes(tmp.resolve("b.tar")));
    }

    /** The manifest of the one image in an OCI archive, as skopeo reads it. */
    private static JsonNode exported(Path archive) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dev.strata.builder.testing.Command.ok(
                dev.strata.builder.testing.Tools.require("skopeo").toString(), "inspect", "--raw", "oci-archive:" + archive));
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
