package dev.strata.builder.layer;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.blob.BlobWriter;
import dev.strata.builder.blob.KeepOpenOutputStream;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingOutputStream;
import dev.strata.builder.tar.TarLayerWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes layer entries as one tar layer blob into a {@link BlobStore}, streaming: tar, then
 * the diff ID hash, then compression, then the blob digest and the temp file. Nothing is held
 * in memory beyond buffers and nothing is read back to hash it. Entries are written in
 * canonical order (see {@link LayerOrder}); the same entries always give the same bytes.
 * Thread-safe: one instance may write several layers concurrently.
 */
public final class LayerWriter {
    private final BlobStore store;
    private final Compression compression;
    private final int level;
    private final Instant epoch;

    /** Layers go to {@code store}, compressed with {@code compression} at its default level, mtimes clamped to {@code epoch}. */
    public LayerWriter(BlobStore store, Compression compression, Instant epoch) {
        this(store, compression, Compression.DEFAULT_LEVEL, epoch);
    }

    /**
     * As above, at compression {@code level} (BuildKit's {@code compression-level}: gzip 1-9,
     * zstd 1-19, or {@link Compression#DEFAULT_LEVEL}). Different levels give different digests.
     */
    public LayerWriter(BlobStore store, Compression compression, int level, Instant epoch) {
        this.store = Objects.requireNonNull(store, "store");
        this.compression = Objects.requireNonNull(compression, "compression");
        compression.checkLevel(level);
        this.level = level;
        this.epoch = Objects.requireNonNull(epoch, "epoch");
    }

    /** The layer of {@code entries}, or empty when there are none (a step that adds no layer). */
    public Optional<Layer> write(List<? extends LayerEntry> entries) throws IOException {
        return write(entries, (done, total) -> {});
    }

    /** Tells how far a layer write is: file content bytes written so far, of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void bytes(long done, long total);
    }

    /** As {@link #write(List)}, telling {@code progress} after each MiB written and at the end. */
    public Optional<Layer> write(List<? extends LayerEntry> entries, Progress progress) throws IOException {
        return write(entries, progress, null);
    }

    /**
     * As {@link #write(List, Progress)}, and when {@code follower} is not null (only for an
     * uncompressed writer) it is given the tar as it grows, before the first byte is written, to
     * read behind the writer (see {@link LayerCompressor#follow}); it learns the diff ID before
     * this method returns, or that the write failed.
     */
    public Optional<Layer> write(List<? extends LayerEntry> entries, Progress progress, Consumer<GrowingTar> follower)
            throws IOException {
        if (follower != null && compression != Compression.NONE) {
            throw new IllegalArgumentException("only a tar layer can be followed");
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<LayerEntry> sorted = LayerOrder.sort(entries);
        long total = 0;
        for (LayerEntry entry : sorted) {
            total += entry instanceof LayerEntry.RegularFile file ? file.content().size() : 0;
        }
        try (BlobWriter blob = store.writer()) {
            GrowingTar growing = follower == null ? null : follow(blob, follower);
            try {
                OutputStream sink = new KeepOpenOutputStream(blob);
                OutputStream compressed = compression.compress(growing == null ? sink : new Publishing(sink, blob, growing), level);
                // a tar's blob digest is its diff ID: the blob writer hashes it once
                DigestingOutputStream uncompressed = compression == Compression.NONE ? null : new DigestingOutputStream(compressed);
                try (TarLayerWriter tar = new TarLayerWriter(new Counting(uncompressed == null ? compressed : uncompressed, total, progress),
                        epoch)) {
                    for (LayerEntry entry : sorted) {
                        writeEntry(tar, entry);
                    }
                    tar.finish();
                    progress.bytes(total, total);
                }
                if (growing != null) {
                    blob.flush();
                    growing.advance(blob.count());
                }
                BlobDescriptor descriptor = blob.commit();
                Digest diffId = uncompressed == null ? descriptor.digest() : uncompressed.digest();
                if (growing != null) {
                    growing.finish(diffId);
                }
                return Optional.of(new Layer(descriptor.digest(), diffId, descriptor.size(), compression.mediaType()));
            } catch (IOException | RuntimeException | Error e) {
                if (growing != null) {
                    growing.fail(e);
                }
                throw e;
            }
        }
    }

    private static GrowingTar follow(BlobWriter blob, Consumer<GrowingTar> follower) throws IOException {
        FileChannel channel = blob.reader();
        GrowingTar growing = new GrowingTar(channel);
        try {
            follower.accept(growing);
        } catch (RuntimeException | Error e) {
            channel.close();
            throw e;
        }
        return growing;
    }

    private static final long PUBLISH_STEP = 1 << 20;

    /** Hands the blob's bytes to the file every MiB and tells the follower how far it may read. */
    private static final class Publishing extends FilterOutputStream {
        private final BlobWriter blob;
        private final GrowingTar growing;
        private long unpublished;

        Publishing(OutputStream out, BlobWriter blob, GrowingTar growing) {
            super(out);
            this.blob = blob;
            this.growing = growing;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            unpublished += len;
            if (unpublished >= PUBLISH_STEP) {
                unpublished = 0;
                blob.flush();
                growing.advance(blob.count());
            }
        }
    }

    private static void writeEntry(TarLayerWriter tar, LayerEntry entry) throws IOException {
        if (entry instanceof LayerEntry.RegularFile file && file.content().size() > 0) {
            try (InputStream in = file.content().open()) {
                tar.write(TarEntries.header(entry), entry.attributes().xattrs(), in);
            }
        } else {
            tar.write(TarEntries.header(entry), entry.attributes().xattrs(), null);
        }
    }

    private static final long PROGRESS_STEP = 1 << 20;

    /** Tells {@code progress} every MiB of tar written (headers included, so capped at the total). */
    private static final class Counting extends FilterOutputStream {
        private final long total;
        private final Progress progress;
        private long count;
        private long told;

        Counting(OutputStream out, long total, Progress progress) {
            super(out);
            this.total = total;
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            advance(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            advance(len);
        }

        private void advance(long n) {
            count += n;
            if (count - told >= PROGRESS_STEP) {
                told = count;
                progress.bytes(Math.min(count, total), total);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
