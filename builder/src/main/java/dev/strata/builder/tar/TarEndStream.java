package dev.strata.builder.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The raw bytes of a tar stream, read as Go's {@code archive/tar} (umoci, containerd, docker)
 * reads its end: the two zero blocks that should close an archive may be missing, and so may the
 * padding after the last entry's data, but a stream that stops inside a header, inside an
 * entry's data or inside its padding is refused. commons-compress alone calls a missing padding
 * "Truncated TAR archive" and takes a header cut short as the end. Read entries with {@link
 * #nextEntry}. Not thread-safe.
 */
public final class TarEndStream extends FilterInputStream {
    private static final int BLOCK = 512;

    private long count;
    private long dataEnd = -1;
    private boolean ended;
    private boolean started;

    public TarEndStream(InputStream raw) {
        super(raw);
    }

    /** Tells that the current entry's data has been read whole: the stream may end here, unpadded. */
    public void dataEnded() {
        dataEnd = count;
    }

    /**
     * The next entry of {@code tar} (which reads this stream), after reading what is left of the
     * current entry's data; null at the end.
     */
    public TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        if (started) {
            tar.transferTo(OutputStream.nullOutputStream());
            dataEnded();
        }
        started = true;
        return tar.getNextEntry();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ended) {
            int n = in.read(b, off, len);
            if (n >= 0) {
                count += n;
                return n;
            }
            ended = true;
            if (count % BLOCK != 0 && count != dataEnd) {
                throw new IOException("truncated tar stream: it ends inside an entry (at byte " + count + ")");
            }
        }
        int padding = (int) Math.min(len, (BLOCK - count % BLOCK) % BLOCK);
        if (padding == 0) {
            return -1;
        }
        java.util.Arrays.fill(b, off, off + padding, (byte) 0);
        count += padding;
        return padding;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return ended ? 0 : in.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
