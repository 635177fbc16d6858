package dev.strata.builder.hash;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through to another stream while computing their sha256 digest and counting them,
 * so a blob's digest and size come from the write itself. Not thread-safe.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;
    private Digest digest;

    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /** The digest of everything written; after the first call no more bytes may be written. */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.fromMessageDigest(sha256.digest());
        }
        return digest;
    }
}
