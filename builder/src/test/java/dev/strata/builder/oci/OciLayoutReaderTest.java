package dev.strata.builder.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerEntry.RegularFile;
import dev.strata.builder.layer.LayerWriter;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading base images from OCI layouts: tags, digests, indexes, platforms, corrupt blobs. */
class OciLayoutReaderTest {
    static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path shared;
    static Path base;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        base = BusyboxLayout.create(shared.resolve("base"), "busybox");
    }

    @Test
    void resolvesATagAndReusesTheBaseLayersByteForByte() throws Exception {
        OciLayoutReader reader = OciLayoutReader.open(base);
        ResolvedImage image = reader.resolve("busybox", AMD64);
        assertEquals(Digest.ofBytes(image.manifestBytes()), image.descriptor().digest());
        assertEquals(List.of("/bin/sh"), image.config().config().cmd());
        List<Layer> baseLayers = image.layers();
        assertEquals(1, baseLayers.size());
        assertEquals(image.config().rootfs().diffIds().get(0), baseLayers.get(0).diffId());

        BlobStore store = BlobStore.open(tmp.resolve("root"));
        reader.copyInto(image, store);
        assertArrayEquals(Files.readAllBytes(reader.blobPath(baseLayers.get(0).digest())), store.readAllBytes(baseLayers.get(0).digest()));
        assertArrayEquals(image.manifestBytes(), store.readAllBytes(image.descriptor().digest()));

        // FROM busybox + one COPY layer: the base layer is reused, the image runs
        Layer added = new LayerWriter(store, Compression.GZIP, Instant.EPOCH).write(List.of(new RegularFile("hello.txt",
                EntryAttributes.of(0644, 0, 0, Instant.EPOCH), Content.ofBytes("hello from strata\n".getBytes(StandardCharsets.UTF_8))))).orElseThrow();
        List<Layer> layers = new ArrayList<>(baseLayers);
        layers.add(added);
        ImageConfig config = image.config().withConfig(image.config().config().toBuilder().cmd(List.of("/bin/cat", "/hello.txt")).build())
                .addHistory(History.of("1970-01-01T00:00:00Z", "COPY hello.txt /", null, false));
        StoredImage built = new ImageAssembler(store).assemble(config, layers, ManifestFormat.OCI, null);
        Manifest manifest = OciJson.read(store.readAllBytes(built.manifest().digest()), Manifest.class, "m");
        assertEquals(image.manifest().layers().get(0).digest(), manifest.layers().get(0).digest());
        OciLayoutWriter.tag(store, "hello", built.manifest());
        Path bundle = tmp.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", store.root() + ":hello", bundle.toString());
        assertEquals("hello from strata\n", Command.ok("chroot", bundle.resolve("rootfs").toString(), "/bin/cat", "/hello.txt"));
        Command.ok("rm", "-rf", bundle.toString());
    }

    @Test
    void resolvesByDigestAndExplainsUnknownTags() throws Exception {
        OciLayoutReader reader = OciLayoutReader.open(base);
        ResolvedImage byTag = reader.resolve("busybox", AMD64);
        ResolvedImage byDigest = reader.resolve(byTag.descriptor().digest().toString(), AMD64);
        assertEquals(byTag.descriptor(), byDigest.descriptor());
        assertEquals(byTag.descriptor(), reader.resolve(null, AMD64).descriptor());
        IOException e = assertThrows(IOException.class, () -> reader.resolve("nope", AMD64));
        assertEquals(base.toAbsolutePath() + ": no image tagged \"nope\" (available: busybox)", e.getMessage());
        IOException notLayout = assertThrows(IOException.class, () -> OciLayoutReader.open(tmp));
        assertTrue(notLayout.getMessage().contains("not an OCI image layout"), notLayout.getMessage());
    }

    @Test
    void walksIndexesToThePlatformsManifest() throws Exception {
        Path layout = copyLayout(tmp.resolve("multi"));
        OciLayoutReader reader = OciLayoutReader.open(layout);
        ResolvedImage busybox = reader.resolve("busybox", AMD64);
        BlobStore asStore = BlobStore.open(layout);
        // an arm64 image that only needs to exist, and an attestation that must be skipped
        BlobDescriptor other = asStore.put("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
        Descriptor amd64 = Descriptor.of(MediaTypes.DOCKER_MANIFEST, busybox.descriptor().digest(), busybox.descriptor().size())
                .withPlatform(Platform.parse("linux/amd64"));
        Descriptor arm64 = Descriptor.of(MediaTypes.OCI_MANIFEST, other).withPlatform(Platform.parse("linux/arm64/v8"));
        Descriptor attestation = Descriptor.of(MediaTypes.OCI_MANIFEST, other).withPlatform(new Platform("unknown", "unknown", null, null, null, null, null))
                .withAnnotation("vnd.docker.reference.type", "attestation-manifest");
        Index list = new Index(2, MediaTypes.DOCKER_MANIFEST_LIST, null, List.of(arm64, attestation, amd64), null, null, null);
        BlobDescriptor listBlob = asStore.put(OciJson.write(list));
        // an OCI index pointing at the Docker manifest list: two levels
        BlobDescriptor outer = asStore.put(OciJson.write(Index.of(List.of(Descriptor.of(MediaTypes.DOCKER_MANIFEST_LIST, listBlob)))));
        OciLayoutWriter.tag(asStore, "multi", Descriptor.of(MediaTypes.OCI_INDEX, outer));

        ResolvedImage resolved = reader.resolve("multi", AMD64);
        assertEquals(busybox.descriptor().digest(), resolved.descriptor().digest());
        assertEquals(List.of("/bin/sh"), resolved.config().config().cmd());
        IOException e = assertThrows(IOException.class, () -> reader.resolve("multi", Platform.parse("linux/s390x")));
        assertTrue(e.getMessage().endsWith(": no image for platform linux/s390x (available: linux/amd64, linux/arm64/v8)"), e.getMessage());
        IOException two = assertThrows(IOException.class, () -> reader.resolve(null, AMD64));
        assertTrue(two.getMessage().contains("2 images in the layout; name one by tag or digest (available: busybox, multi)"), two.getMessage());
    }

    @Test
    void aCorruptConfigBlobIsRefused() throws Exception {
        Path layout = copyLayout(tmp.resolve("corrupt"));
        OciLayoutReader reader = OciLayoutReader.open(layout);
        Digest config = reader.resolve("busybox", AMD64).configDigest();
        Files.writeString(reader.blobPath(config), "{\"tampered\":true}");
        IOException e = assertThrows(IOException.class, () -> reader.resolve("busybox", AMD64));
        assertTrue(e.getMessage().endsWith(": config blob is corrupt (content hashes to " + Digest.ofBytes("{\"tampered\":true}".getBytes(StandardCharsets.UTF_8)) + ")"), e.getMessage());
    }

    @Test
    void parsesBuildKitOciLayoutReferences() {
        OciLayoutReference plain = OciLayoutReference.parse("oci-layout:///srv/images/base");
        assertEquals(Path.of("/srv/images/base"), plain.layout());
        assertNull(plain.tag());
        assertNull(plain.lookup());
        OciLayoutReference tagged = OciLayoutReference.parse("oci-layout:///srv/images/base:1.0");
        assertEquals(Path.of("/srv/images/base"), tagged.layout());
        assertEquals("1.0", tagged.lookup());
        String hex = "b".repeat(64);
        OciLayoutReference pinned = OciLayoutReference.parse("oci-layout://rel/dir:tag@sha256:" + hex);
        assertEquals(Path.of("rel/dir"), pinned.layout());
        assertEquals("sha256:" + hex, pinned.lookup());
        assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("docker-image://busybox"));
        assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("oci-layout:///x@sha256:short"));
    }

    static Path copyLayout(Path to) throws IOException {
        Command.ok("cp", "-a", base.toString(), to.toString());
        return to;
    }
}
