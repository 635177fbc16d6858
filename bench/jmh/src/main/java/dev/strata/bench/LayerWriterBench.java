package dev.strata.bench;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerCompressor;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The layer writer on a directory of files (bench/layer-writer.sh makes one): tar, diff ID and
 * blob digests, compression, the blob written and fsynced into a store. {@code write} is what a
 * COPY step costs (the store keeps tar, so NONE is what a build pays); {@code compressStored} is
 * what a push or OCI export pays once per layer. Milliseconds per layer; the script turns them
 * into MB/s of tar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LayerWriterBench {
    /** The directory whose files become the layer. */
    @Param("")
    public String data;

    @Param({"NONE", "GZIP", "ZSTD"})
    public Compression compression;

    private Path root;
    private BlobStore store;
    private List<LayerEntry> entries;
    private Layer tar;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("run with -p data=DIR (bench/layer-writer.sh does)");
        }
        Path dir = Path.of(data);
        entries = new ArrayList<>();
        EntryAttributes attrs = EntryAttributes.of(0644, 0, 0, Instant.EPOCH);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                entries.add(new LayerEntry.RegularFile("data/" + dir.relativize(file), attrs, Content.ofFile(file)));
            }
        }
        root = Files.createTempDirectory(dir.getParent(), "jmh-store");
        store = BlobStore.open(root);
        tar = new LayerWriter(store, Compression.NONE, Instant.EPOCH).write(entries).orElseThrow();
    }

    @Benchmark
    public Layer write() throws IOException {
        return new LayerWriter(store, compression, Instant.EPOCH).write(entries).orElseThrow();
    }

    /** Forgets the compressed form, so each call compresses again. */
    @Setup(Level.Invocation)
    public void forgetCompressed() throws IOException {
        delete(root.resolve("cache"));
    }

    @Benchmark
    public Layer compressStored() throws IOException {
        if (compression == Compression.NONE) {
            return tar;
        }
        return new LayerCompressor(store, compression).compress(tar);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        delete(root);
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
