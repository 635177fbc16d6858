package dev.strata.builder.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads {@code source} on a thread of its own, a few MiB ahead of the reader: decompressing and
 * hashing a layer then run beside the writing of its files (which is mostly file-system time)
 * instead of before each write. Memory is bounded ({@link #CHUNKS} buffers of {@link #CHUNK}
 * bytes, reused). A failure of the source reaches the reader at the point where it happened.
 * Closing stops the thread and closes the source. Not thread-safe: one reader.
 */
final class ReadAheadInputStream extends InputStream {
    static final int CHUNK = 1 << 20;
    static final int CHUNKS = 4;

    /** A filled buffer, the end of the source ({@code length} -1) or its failure. */
    private record Chunk(byte[] buffer, int length, Throwable failure) {}

    private final InputStream source;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private Chunk current;
    private int position;
    private boolean ended;
    private boolean closed;

    ReadAheadInputStream(InputStream source, String name) {
        this.source = source;
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        this.thread = new Thread(this::fill, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        try {
            while (true) {
                byte[] buffer = free.take();
                int n = 0;
                Throwable failure = null;
                try {
                    for (int r; n < CHUNK && (r = source.read(buffer, n, CHUNK - n)) >= 0; ) {
                        n += r;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                if (n > 0) {
                    full.put(new Chunk(buffer, n, null)); // the bytes before a failure first, as a direct read gives them
                }
                if (failure != null || n < CHUNK) {
                    full.put(new Chunk(null, -1, failure));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader
        }
    }

    /** The chunk to read from, or null at the end; throws the source's failure where it happened. */
    private Chunk chunk() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (current != null && position < current.length()) {
            return current;
        }
        if (ended) {
            return null;
        }
        if (current != null) {
            free.add(current.buffer());
            current = null;
        }
        Chunk next;
        try {
            next = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a layer");
        }
        if (next.failure() != null) {
            ended = true;
            throw rethrow(next.failure());
        }
        if (next.length() < 0) {
            ended = true;
            return null;
        }
        current = next;
        position = 0;
        return current;
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) failure;
    }

    @Override
    public int read() throws IOException {
        Chunk c = chunk();
        return c == null ? -1 : c.buffer()[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        Chunk c = chunk();
        if (c == null) {
            return -1;
        }
        int n = Math.min(len, c.length() - position);
        System.arraycopy(c.buffer(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
