package dev.strata.builder.net;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * Watches one transfer as its bytes pass: refuses byte {@code limit + 1} (so an endless stream
 * costs at most the declared size plus one read) and gives up when the peer {@link Stall stalls}.
 * Either the reading or the writing side can be wrapped. Not thread-safe: one per transfer.
 */
public final class TransferWatch {
    /** No byte limit. */
    public static final long UNLIMITED = -1;

    private final long limit;
    private final String limitReason;
    private final Stall stall;
    private final LongSupplier nanoTime;
    private final Runnable abort;
    private long count;
    private long windowStart;
    private long windowBytes;

    /**
     * @param limit the most bytes allowed, or {@link #UNLIMITED}
     * @param limitReason what the limit is, for the error: {@code the declared size}, {@code the
     *     4 MiB limit for manifests}
     */
    public TransferWatch(long limit, String limitReason, Stall stall) {
        this(limit, limitReason, stall, () -> { });
    }

    /**
     * As above; {@code abort} runs before a refusal is thrown. It must break the connection: an
     * HTTP client that closes a response by reading it to its end (to reuse the connection) would
     * otherwise read the whole endless or trickling body after all.
     */
    public TransferWatch(long limit, String limitReason, Stall stall, Runnable abort) {
        this(limit, limitReason, stall, abort, System::nanoTime);
    }

    TransferWatch(long limit, String limitReason, Stall stall, Runnable abort, LongSupplier nanoTime) {
        this.limit = limit;
        this.limitReason = limitReason;
        this.stall = stall;
        this.abort = abort;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Bytes seen so far. */
    public long count() {
        return count;
    }

    /** Accounts for {@code n} more bytes. */
    public void add(long n) throws IOException {
        if (n <= 0) {
            return;
        }
        count += n;
        if (limit >= 0 && count > limit) {
            abort.run();
            throw new TransferLimitException("more than " + limitReason + " (" + limit + " bytes) was sent");
        }
        long now = nanoTime.getAsLong();
        if (now - windowStart >= stall.window().toNanos()) {
            if (windowBytes < stall.minBytes()) {
                abort.run();
                throw stalled();
            }
            windowStart = now;
            windowBytes = 0;
        }
        windowBytes += n;
    }

    /** The exception for a read that timed out or a window that brought too little. */
    public TransferStalledException stalled() {
        return new TransferStalledException("stalled: less than " + stall.minBytes() + " bytes in " + stall.describe()
                + " (" + count + " bytes received)");
    }

    /** {@code in}, counted and limited. */
    public InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                add(n);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                add(skipped);
                return skipped;
            }
        };
    }

    /** {@code out}, counted and limited; closing it does not close {@code out}. */
    public OutputStream watch(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                add(1);
                out.write(b);
            }

            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                add(len);
                out.write(buffer, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
