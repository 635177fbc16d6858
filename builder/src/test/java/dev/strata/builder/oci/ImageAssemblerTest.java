package dev.strata.builder.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.layer.LayerEntry.Directory;
import dev.strata.builder.layer.LayerEntry.Hardlink;
import dev.strata.builder.layer.LayerEntry.OpaqueWhiteout;
import dev.strata.builder.layer.LayerEntry.RegularFile;
import dev.strata.builder.layer.LayerEntry.Symlink;
import dev.strata.builder.layer.LayerEntry.Whiteout;
import dev.strata.builder.layer.LayerWriter;
import dev.strata.builder.testing.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images assembled from our layers, read back by skopeo and unpacked by umoci. */
class ImageAssemblerTest {
    static final Instant T = Instant.parse("2024-01-02T03:04:05Z");
    static final String LONG = "opt/" + "nested-directory-name/".repeat(6) + "file-with-a-rather-long-name.txt";

    @TempDir
    Path tmp;

    static EntryAttributes a(int mode, int uid, int gid) {
        return EntryAttributes.of(mode, uid, gid, T);
    }

    static RegularFile file(String path, int mode, int uid, String text) {
        return new RegularFile(path, a(mode, uid, uid), Content.ofBytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Two layers: a tree with every kind of entry, then one that deletes and hides things. */
    static StoredImage sample(BlobStore store, Compression compression, ManifestFormat format) throws Exception {
        LayerWriter writer = new LayerWriter(store, compression, Instant.EPOCH);
        List<LayerEntry> first = List.of(
                new Directory("app", a(0755, 1000, 1000)),
                file("app/run.sh", 0755, 1000, "#!/bin/sh\necho hi\n"),
                file("app/secret", 0600, 1000, "s"),
                new Hardlink("app/run-link", a(0755, 1000, 1000), "app/run.sh"),
                new Symlink("app/current", a(0777, 0, 0), "/app/run.sh"),
                new Directory("usr", a(0755, 0, 0)), new Directory("usr/bin", a(0755, 0, 0)),
                file("usr/bin/su", 04755, 0, "su"),
                new Directory("tmp", a(01777, 0, 0)),
                new Directory("var", a(0755, 0, 0)), new Directory("var/cache", a(0755, 0, 0)),
                file("var/cache/old", 0644, 0, "old"),
                file("etc-gone", 0644, 0, "x"),
                file(LONG, 0640, 50, "long"));
        List<LayerEntry> second = List.of(new Whiteout("etc-gone"), new OpaqueWhiteout("var/cache"),
                file("var/cache/new", 0644, 0, "new"), new Directory("var/cache", a(0700, 0, 0)));
        Layer l1 = writer.write(first).orElseThrow();
        Layer l2 = writer.write(second).orElseThrow();
        ContainerConfig container = ContainerConfig.empty().toBuilder()
                .putEnv("PATH", "/usr/bin:/bin").putEnv("APP", "1").cmd(List.of("/app/run.sh")).workingDir("/app")
                .user("1000:1000").exposePort("8080/tcp").addVolume("/data").putLabel("org.example", "yes")
                .stopSignal("SIGINT").healthcheck(new Healthcheck(List.of("CMD", "true"), 30_000_000_000L, null, null, null, 3, null))
                .build();
        ImageConfig config = ImageConfig.scratch(Platform.parse("linux/amd64"))
                .withCreated(ImageConfig.formatTime(Instant.EPOCH)).withConfig(container)
                .addHistory(History.of(ImageConfig.formatTime(Instant.EPOCH), "COPY . /app # buildkit", "buildkit.dockerfile.v0", false))
                .addHistory(History.of(ImageConfig.formatTime(Instant.EPOCH), "RUN rm etc-gone", "buildkit.dockerfile.v0", false));
        return new ImageAssembler(store).assemble(config, List.of(l1, l2), format, Map.of("org.opencontainers.image.title", "sample"));
    }

    @Test
    void skopeoReadsTheTaggedImageAndUmociUnpacksEveryKindOfEntry() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = sample(store, Compression.GZIP, ManifestFormat.OCI);
        OciLayoutWriter.tag(store, "sample:1.0", image.manifest());

        String ref = "oci:" + store.root() + ":sample:1.0";
        JsonNode config = OciJson.tree(Command.ok("skopeo", "inspect", "--config", ref).getBytes(StandardCharsets.UTF_8), "skopeo");
        assertEquals("/app", config.path("config").path("WorkingDir").asText());
        assertEquals("[\"/app/run.sh\"]", config.path("config").path("Cmd").toString());
        assertEquals("1000:1000", config.path("config").path("User").asText());
        // skopeo's parsed view drops what the OCI struct lacks; the raw config has it
        JsonNode raw = OciJson.tree(Command.ok("skopeo", "inspect", "--config", "--raw", ref).getBytes(StandardCharsets.UTF_8), "raw");
        assertEquals(30_000_000_000L, raw.path("config").path("Healthcheck").path("Interval").asLong());
        assertEquals("SIGINT", raw.path("config").path("StopSignal").asText());
        assertEquals(2, config.path("rootfs").path("diff_ids").size());
        assertEquals("1970-01-01T00:00:00Z", config.path("created").asText());
        JsonNode inspect = OciJson.tree(Command.ok("skopeo", "inspect", ref).getBytes(StandardCharsets.UTF_8), "skopeo");
        assertEquals(image.manifest().digest().toString(), inspect.path("Digest").asText());
        assertEquals(2, inspect.path("Layers").size());
        assertEquals("yes", inspect.path("Labels").path("org.example").asText());

        Path bundle = tmp.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", store.root() + ":sample:1.0", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        assertEquals("rwxr-xr-x", perms(rootfs.resolve("app/run.sh")));
        assertEquals("rw-------", perms(rootfs.resolve("app/secret")));
        assertEquals(1000, Files.getAttribute(rootfs.resolve("app/run.sh"), "unix:uid"));
        assertEquals(1000, Files.getAttribute(rootfs.resolve("app/run.sh"), "unix:gid"));
        assertEquals(Files.getAttribute(rootfs.resolve("app/run.sh"), "unix:ino"), Files.getAttribute(rootfs.resolve("app/run-link"), "unix:ino"));
        assertEquals(2, Files.getAttribute(rootfs.resolve("app/run.sh"), "unix:nlink"));
        assertEquals(Path.of("/app/run.sh"), Files.readSymbolicLink(rootfs.resolve("app/current")));
        assertEquals(04755, mode(rootfs.resolve("usr/bin/su")));
        assertEquals(01777, mode(rootfs.resolve("tmp")));
        assertEquals("long", Files.readString(rootfs.resolve(LONG)));
        assertEquals(50, Files.getAttribute(rootfs.resolve(LONG), "unix:gid"));
        assertFalse(Files.exists(rootfs.resolve("etc-gone"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(rootfs.resolve("var/cache/old")));
        assertEquals("new", Files.readString(rootfs.resolve("var/cache/new")));
        assertEquals(0700, mode(rootfs.resolve("var/cache")));
        assertEquals(0, Files.getLastModifiedTime(rootfs.resolve("app/run.sh")).toMillis());
        Command.ok("rm", "-rf", bundle.toString());
    }

    @Test
    void theSameInputsGiveTheSameImageDigestInAnotherStore() throws Exception {
        StoredImage a = sample(BlobStore.open(tmp.resolve("a")), Compression.GZIP, ManifestFormat.OCI);
        StoredImage b = sample(BlobStore.open(tmp.resolve("b")), Compression.GZIP, ManifestFormat.OCI);
        assertEquals(a, b);
        StoredImage zstd = sample(BlobStore.open(tmp.resolve("b")), Compression.ZSTD, ManifestFormat.OCI);
        assertFalse(a.manifest().digest().equals(zstd.manifest().digest()));
        // the image ID differs only through... nothing: diff IDs do not depend on compression
        assertEquals(a.configDigest(), zstd.configDigest());
    }

    @Test
    void dockerFormatUsesDockerMediaTypesAndRefusesZstd() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = sample(store, Compression.GZIP, ManifestFormat.DOCKER);
        assertEquals(MediaTypes.DOCKER_MANIFEST, image.manifest().mediaType());
        Manifest manifest = OciJson.read(store.readAllBytes(image.manifest().digest()), Manifest.class, "m");
        assertEquals(MediaTypes.DOCKER_CONFIG, manifest.config().mediaType());
        assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", manifest.layers().get(0).mediaType());
        assertEquals(null, manifest.annotations());
        // (skopeo 1.9's oci: transport only looks at OCI media types in index.json, so no skopeo check here)

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample(store, Compression.ZSTD, ManifestFormat.DOCKER));
        assertTrue(e.getMessage().contains("zstd-compressed, which a Docker v2s2 manifest cannot describe"), e.getMessage());
    }

    @Test
    void retaggingReplacesTheOldEntryAndKeepsOthers() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage gzip = sample(store, Compression.GZIP, ManifestFormat.OCI);
        StoredImage zstd = sample(store, Compression.ZSTD, ManifestFormat.OCI);
        OciLayoutWriter.tag(store, "app:1", gzip.manifest());
        OciLayoutWriter.tag(store, "app:2", gzip.manifest());
        OciLayoutWriter.tag(store, "app:1", zstd.manifest());
        Index index = OciLayoutWriter.readIndex(store.root());
        assertEquals(2, index.manifests().size());
        assertEquals(zstd.manifest().digest(), OciLayoutWriter.lookup(store, "app:1").orElseThrow().digest());
        assertEquals(gzip.manifest().digest(), OciLayoutWriter.lookup(store, "app:2").orElseThrow().digest());
        assertTrue(OciLayoutWriter.lookup(store, "app:3").isEmpty());
    }

    @Test
    void concurrentTagsAllLand() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StoredImage image = sample(store, Compression.NONE, ManifestFormat.OCI);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "app:" + i;
                futures.add(pool.submit(() -> {
                    OciLayoutWriter.tag(store, name, image.manifest());
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(16, OciLayoutWriter.readIndex(store.root()).manifests().size());
        Command.ok("skopeo", "inspect", "oci:" + store.root() + ":app:7");
    }

    @Test
    void umociUnpacksAMultiBlockParallelGzipLayer() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        byte[] data = new byte[3 * (1 << 20) + 4321];
        new java.util.Random(7).nextBytes(data);
        for (int i = 0; i < data.length; i += 3) {
            data[i] = 'x';
        }
        Layer layer = new LayerWriter(store, Compression.GZIP, Instant.EPOCH)
                .write(List.of(new RegularFile("blob.bin", a(0644, 0, 0), Content.ofBytes(data)))).orElseThrow();
        StoredImage image = new ImageAssembler(store).assemble(ImageConfig.scratch(Platform.parse("linux/amd64")), List.of(layer),
                ManifestFormat.OCI, null);
        OciLayoutWriter.tag(store, "big", image.manifest());
        Path bundle = tmp.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", store.root() + ":big", bundle.toString());
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(bundle.resolve("rootfs/blob.bin"))));
    }

    /** Random files among text ones: gzip switches levels inside its blocks (random bodies stored); umoci reads it all back. */
    @Test
    void umociUnpacksALayerWhoseRandomFilesAreStored() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        java.util.Random random = new java.util.Random(11);
        List<RegularFile> files = new java.util.ArrayList<>();
        java.util.Map<String, byte[]> contents = new java.util.TreeMap<>();
        for (int i = 0; i < 120; i++) {
            byte[] body;
            if (i % 3 == 0) {
                body = ("line " + i + " of a text file\n").repeat(700).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            } else {
                body = new byte[20_480 + i];
                random.nextBytes(body);
            }
            String name = "data/f" + i;
            contents.put(name, body);
            files.add(new RegularFile(name, a(0644, 0, 0), Content.ofBytes(body)));
        }
        Layer layer = new LayerWriter(store, Compression.GZIP, Instant.EPOCH).write(files).orElseThrow();
        long tar = contents.values().stream().mapToLong(b -> b.length).sum();
        assertTrue(layer.size() < tar, "the text files are still compressed: " + layer.size() + " of " + tar);
        StoredImage image = new ImageAssembler(store).assemble(ImageConfig.scratch(Platform.parse("linux/amd64")), List.of(layer),
                ManifestFormat.OCI, null);
        OciLayoutWriter.tag(store, "mixed", image.manifest());
        Path bundle = tmp.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", store.root() + ":mixed", bundle.toString());
        for (var e : contents.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue(), Files.readAllBytes(bundle.resolve("rootfs").resolve(e.getKey()))), e.getKey());
        }
    }

    static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static int mode(Path p) throws Exception {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }
}
