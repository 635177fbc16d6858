package dev.strata.builder.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** type=oci (archive and directory) and type=docker outputs, checked with skopeo and umoci. */
class ExportersTest {
    @TempDir
    Path tmp;

    @Test
    void ociArchiveIsReproducibleAndReadableBySkopeo() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = ImageAssemblerTest.sample(store, Compression.GZIP, ManifestFormat.OCI);
        Path archive = tmp.resolve("out/image.tar");
        OciExporter.writeArchive(store, image.manifest(), List.of("example.com/team/app:1.0"), archive);
        byte[] first = Files.readAllBytes(archive);
        OciExporter.writeArchive(store, image.manifest(), List.of("example.com/team/app:1.0"), archive);
        assertArrayEquals(first, Files.readAllBytes(archive));

        JsonNode inspect = json(Command.ok("skopeo", "inspect", "oci-archive:" + archive + ":1.0"));
        assertEquals(image.manifest().digest().toString(), inspect.path("Digest").asText());
        String listing = Command.ok("tar", "-tvf", archive.toString());
        assertTrue(listing.lines().allMatch(l -> l.contains("0/0") && l.contains("1970-01-01")), listing);
        assertEquals(List.of("blobs/", "blobs/sha256/"), listing.lines().limit(2).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList());
        assertNoLeftovers(archive.getParent());
    }

    @Test
    void ociDirectoryNamesTheImageAsBuildKitDoes() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = ImageAssemblerTest.sample(store, Compression.ZSTD, ManifestFormat.OCI);
        Path dir = tmp.resolve("layout");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("stale"), "replaced");
        OciExporter.writeLayout(store, image.manifest(), List.of("app"), dir);
        assertFalse(Files.exists(dir.resolve("stale")));
        Index index = OciLayoutWriter.readIndex(dir);
        assertEquals(1, index.manifests().size());
        assertEquals("app:latest", index.manifests().get(0).annotation(OciExporter.CONTAINERD_NAME));
        assertEquals("latest", index.manifests().get(0).annotation(OciLayoutWriter.REF_NAME));
        JsonNode inspect = json(Command.ok("skopeo", "inspect", "oci:" + dir + ":latest"));
        assertEquals(image.manifest().digest().toString(), inspect.path("Digest").asText());
        try (Stream<Path> blobs = Files.list(dir.resolve("blobs/sha256"))) {
            assertEquals(4, blobs.count());
        }
        assertNoLeftovers(tmp);
    }

    @Test
    void dockerArchiveHasUncompressedLayersSkopeoAndUmociRead() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = ImageAssemblerTest.sample(store, Compression.ZSTD, ManifestFormat.OCI);
        Path archive = tmp.resolve("docker.tar");
        DockerArchiveExporter.write(store, image.manifest(), List.of("app:1.0", "registry.local:5000/app"), archive);
        byte[] first = Files.readAllBytes(archive);
        DockerArchiveExporter.write(store, image.manifest(), List.of("app:1.0", "registry.local:5000/app"), archive);
        assertArrayEquals(first, Files.readAllBytes(archive));

        String listing = Command.ok("tar", "-tf", archive.toString());
        ImageConfig config = OciJson.read(store.readAllBytes(image.configDigest()), ImageConfig.class, "c");
        String diff0 = config.rootfs().diffIds().get(0).hex();
        assertTrue(listing.contains(diff0 + ".tar\n"), listing);
        assertTrue(listing.contains(image.configDigest().hex() + ".json\n"), listing);
        String manifestJson = Command.ok("tar", "-xOf", archive.toString(), "manifest.json");
        assertTrue(manifestJson.contains("\"RepoTags\":[\"app:1.0\",\"registry.local:5000/app:latest\"]"), manifestJson);
        String repositories = Command.ok("tar", "-xOf", archive.toString(), "repositories");
        assertTrue(repositories.contains("\"registry.local:5000/app\":{\"latest\":\""), repositories);

        JsonNode inspect = json(Command.ok("skopeo", "inspect", "docker-archive:" + archive));
        assertEquals(2, inspect.path("Layers").size());
        // loading it elsewhere gives back the same image ID and a working tree
        Path copy = tmp.resolve("copy");
        Command.ok("skopeo", "copy", "docker-archive:" + archive + ":app:1.0", "oci:" + copy + ":loaded");
        JsonNode loaded = json(Command.ok("skopeo", "inspect", "--config", "--raw", "oci:" + copy + ":loaded"));
        assertEquals(config.rootfs().diffIds().toString().replace(" ", ""), loaded.path("rootfs").path("diff_ids").toString().replace("\"", ""));
        Path bundle = tmp.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", copy + ":loaded", bundle.toString());
        assertEquals("new", Files.readString(bundle.resolve("rootfs/var/cache/new")));
        Command.ok("rm", "-rf", bundle.toString());
    }

    @Test
    void aFailedExportLeavesNothingBehind() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = ImageAssemblerTest.sample(store, Compression.GZIP, ManifestFormat.OCI);
        Manifest manifest = OciJson.read(store.readAllBytes(image.manifest().digest()), Manifest.class, "m");
        // a corrupt layer: the exporter notices the digest mismatch while reading it, and names it
        Path layer = store.path(manifest.layers().get(1).digest());
        Files.write(layer, gzip("not the layer".getBytes(StandardCharsets.UTF_8)));
        Path out = tmp.resolve("out");
        IOException e = assertThrows(IOException.class, () -> DockerArchiveExporter.write(store, image.manifest(), List.of("x"), out.resolve("d.tar")));
        assertTrue(e.getMessage().startsWith("blob " + manifest.layers().get(1).digest() + " in the store " + store.root() + " is corrupt"),
                e.getMessage());
        Files.delete(layer);
        assertThrows(IOException.class, () -> OciExporter.writeArchive(store, image.manifest(), List.of("x"), out.resolve("o.tar")));
        assertThrows(IOException.class, () -> OciExporter.writeLayout(store, image.manifest(), List.of("x"), out.resolve("dir")));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.toList());
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static void assertNoLeftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> hidden = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), hidden);
        }
    }

    static JsonNode json(String text) throws IOException {
        return OciJson.tree(text.getBytes(StandardCharsets.UTF_8), "skopeo output");
    }
}
