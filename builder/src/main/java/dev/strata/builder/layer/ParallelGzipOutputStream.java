package dev.strata.builder.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compression spread over several cores, as pigz does: the input is cut into fixed 1 MiB
 * blocks, each deflated independently (primed with the previous block's last 32 KiB as
 * dictionary) and ended with a sync flush, and the pieces are concatenated into one deflate
 * stream. Block boundaries depend only on the byte count, so the output is the same whatever
 * the number of threads or the sizes of the writes: deterministic. Header: no name, mtime 0,
 * OS 255. Closing writes the trailer and closes the underlying stream. Not thread-safe.
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 1 << 20;
    private static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private long total;
    private boolean closed;

    ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this.out = out;
        this.level = level;
        this.maxInFlight = threads * 2;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "strata-gzip");
            thread.setDaemon(true);
            return thread;
        });
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = filled;
        byte[] previous = dictionary;
        crc.update(data, 0, length);
        total += length;
        dictionary = length >= DICTIONARY ? Arrays.copyOfRange(data, length - DICTIONARY, length) : tail(previous, data, length);
        pending.add(pool.submit(() -> deflate(data, length, previous, last, level)));
        block = new byte[BLOCK];
        filled = 0;
        while (pending.size() > maxInFlight) {
            drainOne();
        }
    }

    private static byte[] tail(byte[] previous, byte[] data, int length) {
        byte[] joined = previous == null ? Arrays.copyOf(data, length) : concat(previous, data, length);
        return joined.length > DICTIONARY ? Arrays.copyOfRange(joined, joined.length - DICTIONARY, joined.length) : joined;
    }

    private static byte[] concat(byte[] a, byte[] b, int bLength) {
        byte[] result = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, result, a.length, bLength);
        return result;
    }

    static byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dictionary != null && dictionary.length > 0) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(data, 0, length);
            java.io.ByteArrayOutputStream result = new java.io.ByteArrayOutputStream(length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    int n = deflater.deflate(buffer);
                    result.write(buffer, 0, n);
                }
            } else {
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    result.write(buffer, 0, n);
                } while (n == buffer.length);
            }
            return result.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private void drainOne() throws IOException {
        Future<byte[]> next = pending.removeFirst();
        try {
            out.write(next.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("gzip compression failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void flush() throws IOException {
        // blocks are only complete at BLOCK boundaries; nothing to force out early
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!pending.isEmpty()) {
                drainOne();
            }
            byte[] trailer = new byte[8];
            long value = crc.getValue();
            for (int i = 0; i < 4; i++) {
                trailer[i] = (byte) (value >>> (8 * i));
                trailer[4 + i] = (byte) (total >>> (8 * i));
            }
            out.write(trailer);
            out.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
