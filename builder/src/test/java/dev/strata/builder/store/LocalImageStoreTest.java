package dev.strata.builder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.FsckResult;
import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.ImageSummary;
import dev.strata.builder.api.PruneResult;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.oci.Index;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.oci.RootFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The store façade on hand-made images: references, and what prune keeps and removes. */
class LocalImageStoreTest {
    @TempDir
    Path tmp;

    /** A one-layer image (the layer's bytes stand in for a tar: the façade never unpacks it). */
    private record Made(Descriptor manifest, Digest config, Digest layer, Digest diffId) {}

    private static Made image(BlobStore store, String content) throws IOException {
        byte[] layerBytes = content.getBytes(StandardCharsets.UTF_8);
        Descriptor layer = Descriptor.of("application/vnd.oci.image.layer.v1.tar", store.put(layerBytes));
        Digest diffId = layer.digest();
        ImageConfig scratch = ImageConfig.scratch(Platform.host());
        ImageConfig config = new ImageConfig("2024-01-02T03:04:05Z", null, scratch.architecture(), scratch.os(), null, null,
                scratch.variant(), null, RootFs.of(List.of(diffId)), List.of(), null);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, store.put(OciJson.write(config)));
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, List.of(layer), null);
        Descriptor m = Descriptor.of(MediaTypes.OCI_MANIFEST, store.put(OciJson.write(manifest)));
        return new Made(m, configDescriptor.digest(), layer.digest(), diffId);
    }

    private static void cache(BlobStore store, String step, Made image) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("digest", image.layer().toString());
        result.put("diffId", image.diffId().toString());
        new StepCache(store).store(CacheKey.of(Map.of("step", step)), result, null);
    }

    @Test
    void pruneKeepsEverythingANamedImageOrIndexNeedsAndRemovesTheRest() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Made plain = image(store, "plain");
        Made child = image(store, "child of an index");
        Made dropped = image(store, "dropped");
        Descriptor index = Descriptor.of(MediaTypes.OCI_INDEX,
                store.put(OciJson.write(Index.of(List.of(child.manifest().withPlatform(Platform.host()))))));
        OciLayoutWriter.tag(store, "plain:1", plain.manifest());
        OciLayoutWriter.tag(store, "multi:1", index);
        OciLayoutWriter.tag(store, "dropped:1", dropped.manifest());
        cache(store, "plain", plain);
        cache(store, "dropped", dropped);
        Path layers = Files.createDirectories(store.root().resolve("layers"));
        Files.writeString(Files.createDirectories(layers.resolve(plain.diffId().hex())).resolve("f"), "kept");
        Files.writeString(Files.createDirectories(layers.resolve(dropped.diffId().hex())).resolve("f"), "gone");
        Digest stray = store.put("stray".getBytes(StandardCharsets.UTF_8)).digest();

        ImageStore images = ImageStore.open(store.root());
        assertEquals(List.of("dropped:1"), images.remove("dropped:1", false));
        PruneResult result = images.prune(null, null);

        for (Made kept : List.of(plain, child)) {
            assertTrue(store.has(kept.manifest().digest()) && store.has(kept.config()) && store.has(kept.layer()), kept.toString());
        }
        assertTrue(store.has(index.digest()));
        assertFalse(store.has(dropped.manifest().digest()));
        assertFalse(store.has(dropped.config()));
        assertFalse(store.has(dropped.layer()));
        assertFalse(store.has(stray));
        assertEquals(4, result.blobs());
        assertEquals(1, result.cacheEntries());
        assertEquals(1, result.layerDirectories());
        assertTrue(Files.exists(layers.resolve(plain.diffId().hex())));
        assertFalse(Files.exists(layers.resolve(dropped.diffId().hex())));
        assertEquals(1, new StepCache(store).keys().size());
        assertEquals(List.of("multi:1", "plain:1"), images.list().stream().map(ImageSummary::name).toList());
        assertEquals(new PruneResult(0, 0, 0, 0), images.prune(null, null), "a second prune finds nothing");
    }

    @Test
    void fsckFindsMissingAndMisSizedBlobsAndWalksASharedChildOnce() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Made made = image(store, "layer bytes");
        // indexes nested 6 deep, each naming the next 40 times: 40^6 walks unless a child is walked once
        Descriptor inner = made.manifest();
        for (int level = 0; level < 6; level++) {
            List<Descriptor> children = java.util.Collections.nCopies(40, inner);
            inner = Descriptor.of(MediaTypes.OCI_INDEX, store.put(OciJson.write(Index.of(children))));
        }
        OciLayoutWriter.tag(store, "deep:1", inner);
        ImageStore images = ImageStore.open(store.root());
        FsckResult sound = images.fsck();
        assertEquals(List.of(), sound.problems());
        assertEquals(1, sound.images());

        Files.writeString(store.path(made.layer()), "layer bytes plus");
        Files.delete(store.path(made.config()));
        FsckResult broken = images.fsck();
        assertEquals(List.of("blob " + made.layer() + ": corrupt (its 16 bytes hash to " + Digest.ofBytes("layer bytes plus".getBytes(StandardCharsets.UTF_8)) + ")",
                "image deep:1: config " + made.config() + " is missing",
                "image deep:1: layer " + made.layer() + " has 16 bytes, its descriptor says 11"), broken.problems());
    }

    @Test
    void keepStorageZeroStillKeepsNamedImages() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Made kept = image(store, "kept".repeat(1000));
        OciLayoutWriter.tag(store, "kept:1", kept.manifest());
        image(store, "unnamed");
        ImageStore images = ImageStore.open(store.root());
        assertEquals(3, images.prune(0L, null).blobs());
        assertTrue(store.has(kept.layer()) && store.has(kept.config()) && store.has(kept.manifest().digest()));
    }

    @Test
    void referencesByNameOrIdPrefix() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Made a = image(store, "a");
        OciLayoutWriter.tag(store, "app:latest", a.manifest());
        ImageStore images = ImageStore.open(store.root());
        assertEquals(a.config().toString(), images.inspect("app").summary().id());
        assertEquals(a.config().toString(), images.inspect(a.config().hex().substring(0, 5)).summary().id());
        assertEquals(a.config().toString(), images.inspect("sha256:" + a.manifest().digest().hex().substring(0, 7)).summary().id());
        assertEquals(Optional.of(java.time.Instant.parse("2024-01-02T03:04:05Z")), images.list().get(0).created());
        BuildException e = assertThrows(BuildException.class, () -> images.inspect("other:2"));
        assertEquals("No such image: other:2", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "app                  | app:latest",
            "app:1.0              | app:1.0",
            "host:5000/team/app   | host:5000/team/app:latest",
            "host:5000/app:2      | host:5000/app:2",
            "App                  | -",
            "app:                 | -",
            "sha256:abc           | -",
    })
    void normalizesNamesAsTheBuildStoresThem(String text, String expected) {
        assertEquals(Optional.ofNullable(expected), StoreRefs.normalize(text));
    }
}
