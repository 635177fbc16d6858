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
 * the number of threads or the sizes of the writes: deterministic. Stretches of random or
 * already compressed bytes ({@link RawStretches}) are written as stored deflate blocks, as zlib
 * would after a search that cannot succeed, in a fraction of the time. Header: no name, mtime 0,
 * OS 255.
 * Closing writes the trailer and closes the underlying stream. Not thread-safe.
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 1 << 20;
    private static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /**
     * Output is asked of zlib this many bytes at a time, as the first version of this stream did:
     * the bytes depend on it (a sync flush that exactly fills a request gets one more empty stored
     * block on the next), and the digests of layers must not change.
     */
    static final int CHUNK = 64 * 1024;
    /** Room for a deflated block and a last request: deflate grows incompressible data by 5 bytes per stored block. */
    private static final int OUTPUT = BLOCK + BLOCK / 64 + CHUNK;

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<Future<Deflated>> pending = new ArrayDeque<>();
    // Block and output buffers are reused (only this stream's writer thread takes and returns them):
    // allocating two fresh MiB arrays per MiB compressed made the garbage collector stop every
    // thread a dozen times per 200 MB layer.
    private final ArrayDeque<byte[]> freeBlocks = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private long total;
    private boolean closed;

    /** A deflated block: {@code length} bytes of {@code output}, and the input block it came from (free again). */
    private record Deflated(byte[] output, int length, byte[] input) {
    }

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
        byte[] output = freeOutputs.isEmpty() ? new byte[OUTPUT] : freeOutputs.pop();
        pending.add(pool.submit(() -> deflate(data, length, previous, last, level, output)));
        block = freeBlocks.isEmpty() ? new byte[BLOCK] : freeBlocks.pop();
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

    /**
     * Deflates one block into {@code output} (grown if it is too small), as a fresh raw deflater
     * primed with {@code dictionary} does when it is asked for {@link #CHUNK} bytes at a time. A
     * block with {@link RawStretches} is cut at them: each stretch is written as stored deflate
     * blocks (RFC 1951, 3.2.4) by this class, and the bytes between stretches are deflated as
     * above, each run by the block's deflater, reset and without a dictionary after a stretch (the
     * random bytes before it hold nothing to match), and ended with a sync flush so that the
     * stored blocks start on a byte. zlib's own level switching (deflateParams to level 0 and back)
     * is not used: before zlib 1.2.12 the hash inserts after a switch from stored deflate could
     * start before the window's data (zlib commit 5acb571), and distributions still ship 1.2.11.
     */
    private static Deflated deflate(byte[] data, int length, byte[] dictionary, boolean last, int level, byte[] output) {
        // A fresh deflater for every block, never one reset from another block: zlib's reset keeps
        // the window's old bytes, which a match search at the very end of the input may compare, so
        // the bytes could differ from those of a fresh stream. (Within a block, a reset follows the
        // same bytes whichever thread deflates it.)
        Deflater deflater = new Deflater(level, true);
        try {
            Output result = new Output(output);
            int[] raw = RawStretches.find(dictionary, data, length);
            int done = 0;
            for (int i = 0; i < raw.length; i += 2) {
                if (raw[i] > done) {
                    deflateRun(deflater, data, done, raw[i], dictionary, false, result);
                }
                result.stored(data, raw[i], raw[i + 1], last && raw[i + 1] == length);
                done = raw[i + 1];
            }
            if (done < length || raw.length == 0) {
                deflateRun(deflater, data, done, length, dictionary, last, result);
            }
            return new Deflated(result.bytes, result.size, data);
        } finally {
            deflater.end();
        }
    }

    /**
     * Deflates {@code data[from, to)} and ends it with a sync flush, or as the stream's final
     * deflate block when {@code last}: primed with {@code dictionary} at the block's start, after a
     * stored stretch reset and unprimed.
     */
    private static void deflateRun(Deflater deflater, byte[] data, int from, int to, byte[] dictionary, boolean last, Output result) {
        if (from > 0) {
            deflater.reset();
        } else if (dictionary != null && dictionary.length > 0) {
            deflater.setDictionary(dictionary);
        }
        deflater.setInput(data, from, to - from);
        if (last) {
            deflater.finish();
        }
        while (true) {
            int n = last ? result.deflate(deflater, Deflater.NO_FLUSH) : result.deflate(deflater, Deflater.SYNC_FLUSH);
            if (last ? deflater.finished() : n < CHUNK) {
                return;
            }
        }
    }

    /** A growing output buffer that asks zlib for {@link #CHUNK} bytes at a time. */
    private static final class Output {
        private static final int MAX_STORED = 65_535;

        private byte[] bytes;
        private int size;

        Output(byte[] bytes) {
            this.bytes = bytes;
        }

        int deflate(Deflater deflater, int flush) {
            room(CHUNK);
            int n = deflater.deflate(bytes, size, CHUNK, flush);
            size += n;
            return n;
        }

        /**
         * {@code data[from, to)} as stored deflate blocks of at most 65,535 bytes, the last one final
         * when {@code finalBlock}. The output so far ends on a byte (a sync flush or stored blocks).
         */
        void stored(byte[] data, int from, int to, boolean finalBlock) {
            room((to - from) + 5 * ((to - from) / MAX_STORED + 1));
            for (int at = from; at < to; ) {
                int n = Math.min(MAX_STORED, to - at);
                boolean isFinal = finalBlock && at + n == to;
                bytes[size++] = (byte) (isFinal ? 1 : 0); // BFINAL, BTYPE 00, then up to the byte boundary
                bytes[size++] = (byte) n;
                bytes[size++] = (byte) (n >>> 8);
                bytes[size++] = (byte) ~n;
                bytes[size++] = (byte) (~n >>> 8);
                System.arraycopy(data, at, bytes, size, n);
                size += n;
                at += n;
            }
        }

        private void room(int needed) {
            if (bytes.length - size < needed) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + needed));
            }
        }
    }

    private void drainOne() throws IOException {
        Future<Deflated> next = pending.removeFirst();
        Deflated deflated;
        try {
            deflated = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("gzip compression failed: " + e.getCause(), e.getCause());
        }
        out.write(deflated.output(), 0, deflated.length());
        freeOutputs.push(deflated.output());
        if (deflated.input().length == BLOCK) {
            freeBlocks.push(deflated.input());
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
