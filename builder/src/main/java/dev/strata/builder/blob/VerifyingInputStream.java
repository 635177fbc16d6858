package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a stored blob and checks its digest as the last byte goes through: the read that
 * completes the blob throws {@link CorruptBlobException} instead when the bytes do not hash to the
 * blob's name. Readers that stop early (sniffing a header) check nothing. Not thread-safe.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Path root;
    private final Digest expected;
    private final long size;
    private final DigestingInputStream digesting;
    private boolean checked;

    VerifyingInputStream(Path root, Digest expected, long size, InputStream in) {
        this(root, expected, size, new DigestingInputStream(in));
    }

    private VerifyingInputStream(Path root, Digest expected, long size, DigestingInputStream digesting) {
        super(digesting);
        this.root = root;
        this.expected = expected;
        this.size = size;
        this.digesting = digesting;
    }

    @Override
    public int read() throws IOException {
        int b = digesting.read();
        check(b < 0);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = digesting.read(b, off, len);
        check(n < 0);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = digesting.skip(n);
        check(false);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(boolean atEnd) throws IOException {
        if (checked || (!atEnd && digesting.count() < size)) {
            return;
        }
        checked = true;
        Digest actual = digesting.digest();
        if (!actual.equals(expected)) {
            throw new CorruptBlobException(root, expected, actual, digesting.count());
        }
    }
}
