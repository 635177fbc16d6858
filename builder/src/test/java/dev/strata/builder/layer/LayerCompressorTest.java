package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.blob.CorruptBlobException;
import dev.strata.builder.layer.LayerEntry.Directory;
import dev.strata.builder.layer.LayerEntry.RegularFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compressing a stored tar layer later gives the bytes compressing it while writing gave. */
class LayerCompressorTest {
    @TempDir
    Path tmp;

    /** A few MiB over many gzip blocks: half random, half repetitive. */
    static List<LayerEntry> entries() {
        EntryAttributes attrs = EntryAttributes.of(0644, 0, 0, Instant.parse("2024-05-01T10:11:12Z"));
        List<LayerEntry> entries = new ArrayList<>();
        entries.add(new Directory("data", EntryAttributes.of(0755, 0, 0, Instant.EPOCH)));
        Random random = new Random(42);
        for (int i = 0; i < 12; i++) {
            byte[] bytes = new byte[300_000 + i * 1000];
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                java.util.Arrays.fill(bytes, (byte) ('a' + i));
            }
            entries.add(new RegularFile("data/f" + i, attrs, Content.ofBytes(bytes)));
        }
        return entries;
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void laterCompressionGivesTheBytesOfCompressingWhileWriting(Compression compression) throws IOException {
        BlobStore direct = BlobStore.open(tmp.resolve("direct"));
        Layer expected = new LayerWriter(direct, compression, Instant.EPOCH).write(entries()).orElseThrow();

        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Layer tar = new LayerWriter(store, Compression.NONE, Instant.EPOCH).write(entries()).orElseThrow();
        assertEquals(tar.digest(), tar.diffId());
        Layer compressed = new LayerCompressor(store, compression).compress(tar);

        assertEquals(expected, compressed);
        assertEquals(Files.readAllBytes(direct.path(expected.digest())).length, Files.size(store.path(compressed.digest())));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(direct.path(expected.digest())), Files.readAllBytes(store.path(compressed.digest()))));
    }

    @Test
    void aLayerIsCompressedOnceAndAgainOnlyWhenItsBlobLeftTheStore() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Layer tar = new LayerWriter(store, Compression.NONE, Instant.EPOCH).write(entries()).orElseThrow();
        Layer first = new LayerCompressor(store, Compression.GZIP).compress(tar);
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(store.path(first.digest()), old);

        assertEquals(first, new LayerCompressor(store, Compression.GZIP).compress(tar));
        assertEquals(old, Files.getLastModifiedTime(store.path(first.digest())), "remembered: not written again");

        Files.delete(store.path(first.digest()));
        assertEquals(first, new LayerCompressor(store, Compression.GZIP).compress(tar));
        assertTrue(store.has(first.digest()));
    }

    @Test
    void compressedLayersPassThrough() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Layer gzip = new LayerWriter(store, Compression.GZIP, Instant.EPOCH).write(entries()).orElseThrow();
        assertSame(gzip, new LayerCompressor(store, Compression.ZSTD).compress(gzip));
    }

    @Test
    void aDamagedTarBlobIsNotCompressed() throws IOException {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Layer tar = new LayerWriter(store, Compression.NONE, Instant.EPOCH).write(entries()).orElseThrow();
        Path blob = store.path(tar.digest());
        blob.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[1000] ^= 1;
        Files.write(blob, bytes);
        assertThrows(CorruptBlobException.class, () -> new LayerCompressor(store, Compression.GZIP).compress(tar));
        try (var left = Files.list(store.root().resolve("blobs/sha256"))) {
            assertEquals(1, left.count(), "no compressed blob of damaged bytes");
        }
    }

    /** A pushed or exported build compresses each new layer while its tar is written. */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void followingTheWriterGivesTheBytesOfCompressingTheStoredTar(Compression compression) throws Exception {
        BlobStore later = BlobStore.open(tmp.resolve("later"));
        Layer laterTar = new LayerWriter(later, Compression.NONE, Instant.EPOCH).write(entries()).orElseThrow();
        Layer expected = new LayerCompressor(later, compression).compress(laterTar);

        BlobStore store = BlobStore.open(tmp.resolve("store"));
        LayerCompressor compressor = new LayerCompressor(store, compression);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<CompletableFuture<Layer>> followed = new ArrayList<>();
            Layer tar = new LayerWriter(store, Compression.NONE, Instant.EPOCH)
                    .write(entries(), (done, total) -> {}, t -> followed.add(compressor.follow(t, executor))).orElseThrow();
            assertEquals(laterTar, tar, "the tar itself is unchanged");
            assertEquals(expected, compressor.compress(tar), "the export gets the followed compression");
            assertEquals(expected, followed.get(0).get(30, TimeUnit.SECONDS));
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(later.path(expected.digest())), Files.readAllBytes(store.path(expected.digest()))));
            assertEquals(expected, new LayerCompressor(store, compression).known(tar).orElseThrow(), "remembered for later pushes");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anUnchangedLayerWrittenAgainIsAnsweredFromTheRememberedBlob() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        Layer tar = new LayerWriter(store, Compression.NONE, Instant.EPOCH).write(entries()).orElseThrow();
        LayerCompressor compressor = new LayerCompressor(store, Compression.GZIP);
        Layer first = compressor.compress(tar);

        // the follower is held back: only the remembered blob can answer
        List<Runnable> held = new ArrayList<>();
        List<CompletableFuture<Layer>> followed = new ArrayList<>();
        new LayerWriter(store, Compression.NONE, Instant.EPOCH)
                .write(entries(), (done, total) -> {}, t -> followed.add(compressor.follow(t, held::add)));
        assertEquals(first, followed.get(0).getNow(null), "known when the write returns");
        assertEquals(first, compressor.compress(tar));

        held.forEach(Runnable::run); // the follower, late: it stops without storing anything
        assertEquals(first, followed.get(0).get());
        try (var temps = Files.list(store.tempDir()); var blobs = Files.list(store.root().resolve("blobs/sha256"))) {
            assertEquals(0, temps.count(), "the stopped follower left nothing");
            assertEquals(2, blobs.count(), "the tar and its one compressed blob");
        }
    }

    @Test
    void aFailedWriteLeavesNoCompressedBlob() throws Exception {
        Path shrinking = tmp.resolve("shrinking");
        Files.write(shrinking, new byte[100_000]);
        List<LayerEntry> entries = new ArrayList<>(entries());
        entries.add(new RegularFile("data/zz", EntryAttributes.of(0644, 0, 0, Instant.EPOCH), Content.ofFile(shrinking)));
        Files.write(shrinking, new byte[10]); // smaller than recorded: the write fails after some MiB of tar

        BlobStore store = BlobStore.open(tmp.resolve("store"));
        LayerCompressor compressor = new LayerCompressor(store, Compression.GZIP);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<CompletableFuture<Layer>> followed = new ArrayList<>();
            assertThrows(IOException.class, () -> new LayerWriter(store, Compression.NONE, Instant.EPOCH)
                    .write(entries, (done, total) -> {}, t -> followed.add(compressor.follow(t, executor))));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> followed.get(0).get(30, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("the layer write failed"), failed.getCause().getMessage());
            try (var blobs = Files.list(store.root().resolve("blobs/sha256")); var temps = Files.list(store.tempDir())) {
                assertEquals(0, blobs.count(), "neither the tar nor a compressed blob");
                assertEquals(0, temps.count(), "no temp files left");
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
