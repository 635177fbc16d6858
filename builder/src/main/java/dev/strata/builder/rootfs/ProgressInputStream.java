package dev.strata.builder.rootfs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts the bytes read through it and reports the count at a bounded rate: when another
 * {@link #STEP_BYTES} have passed or a second, whichever comes first (not per read, so a layer of
 * many small files costs a few reports, not one per file). Not thread-safe.
 */
final class ProgressInputStream extends FilterInputStream {
    static final long STEP_BYTES = 8L << 20;
    private static final long STEP_NANOS = 1_000_000_000L;

    private final long size;
    private final ExtractionProgress progress;
    private final LongSupplier nanoTime;
    private long count;
    private long reportedCount;
    private long reportedAt;

    ProgressInputStream(InputStream in, long size, ExtractionProgress progress, LongSupplier nanoTime) {
        super(in);
        this.size = size;
        this.progress = progress;
        this.nanoTime = nanoTime;
        this.reportedAt = nanoTime.getAsLong();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            advance(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would count bytes twice
    }

    private void advance(long n) {
        count += n;
        if (count >= size) {
            return; // the end is reported once, by the extraction, when the layer is in place
        }
        long now = nanoTime.getAsLong();
        if (count - reportedCount >= STEP_BYTES || now - reportedAt >= STEP_NANOS) {
            reportedCount = count;
            reportedAt = now;
            progress.read(count, size);
        }
    }
}
