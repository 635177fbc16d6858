package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingInputStream;
import dev.strata.builder.testing.Command;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers far bigger than the heap stream through; one writer serves several threads. */
class LayerStreamingTest {
    static final int FILES = 10_000;
    static final long BIG = 160L << 20;

    @TempDir
    Path tmp;

    /** Run in a JVM with a 48 MB heap: 10,000 entries plus a 300 MB file. Prints the layer. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path big = Path.of(args[1]);
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            entries.add(new LayerEntry.RegularFile("data/" + (i % 100) + "/file-" + i + ".txt", EntryAttributes.of(0644, 0, 0, Instant.now()),
                    Content.ofBytes(("entry " + i + "\n").repeat(10).getBytes(StandardCharsets.UTF_8))));
        }
        entries.add(new LayerEntry.RegularFile("big.bin", EntryAttributes.of(0600, 0, 0, Instant.now()), Content.ofFile(big)));
        Layer layer = new LayerWriter(BlobStore.open(root), Compression.GZIP, Instant.EPOCH).write(entries).orElseThrow();
        System.out.println(layer.digest() + " " + layer.diffId() + " " + layer.size());
    }

    @Test
    void aLayerLargerThanTheHeapStreamsThroughAndHashesCorrectly() throws Exception {
        Path big = tmp.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(BIG);
            file.seek(BIG / 2);
            file.write("a marker in the middle".getBytes(StandardCharsets.UTF_8));
        }
        Path root = tmp.resolve("root");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = Command.ok(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LayerStreamingTest.class.getName(), root.toString(), big.toString()).trim();
        String[] parts = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        Digest digest = Digest.parse(parts[0]);
        BlobStore store = BlobStore.open(root);
        assertEquals(Files.size(store.path(digest)), Long.parseLong(parts[2]));
        try (InputStream raw = store.open(digest)) {
            DigestingInputStream compressed = new DigestingInputStream(raw);
            DigestingInputStream tar = new DigestingInputStream(new GZIPInputStream(compressed, 1 << 16));
            tar.transferTo(OutputStream.nullOutputStream());
            assertEquals(digest, compressed.digest());
            assertEquals(Digest.parse(parts[1]), tar.digest());
            // every entry, each with a 512-byte header, plus the file data
            assertEquals(true, tar.count() > BIG + (FILES + 100) * 512L);
        }
    }

    @Test
    void oneWriterServesConcurrentStepsWithTheSameResultAsSequentialWrites() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        LayerWriter writer = new LayerWriter(store, Compression.GZIP, Instant.EPOCH);
        List<List<LayerEntry>> steps = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            List<LayerEntry> entries = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                entries.add(new LayerEntry.RegularFile("step" + (s % 3) + "/f" + i, EntryAttributes.of(0644, 0, 0, Instant.EPOCH),
                        Content.ofBytes(("step " + (s % 3) + " file " + i + "\n").repeat(50).getBytes(StandardCharsets.UTF_8))));
            }
            steps.add(entries);
        }
        List<Layer> sequential = new ArrayList<>();
        for (List<LayerEntry> entries : steps) {
            sequential.add(writer.write(entries).orElseThrow());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Layer>> futures = new ArrayList<>();
            for (List<LayerEntry> entries : steps) {
                futures.add(pool.submit(() -> writer.write(entries).orElseThrow()));
            }
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(sequential.get(i), futures.get(i).get());
                assertEquals(sequential.get(i).digest(), Digest.ofBytes(Files.readAllBytes(store.path(sequential.get(i).digest()))));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(sequential.get(0), sequential.get(3));
    }
}
