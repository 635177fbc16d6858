package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Streams one blob into a {@link BlobStore}: bytes go to a temp file on the store's file system
 * and are hashed and counted on the way; {@link #commit()} fsyncs and atomically moves the file
 * to {@code blobs/sha256/<hex>}. Closing without committing deletes the temp file, so an
 * interrupted write leaves nothing behind. Not thread-safe; use one writer per thread.
 */
public final class BlobWriter extends OutputStream {
    private final BlobStore store;
    private final Path temp;
    private final FileChannel channel;
    private final DigestingOutputStream digesting;
    private final OutputStream out;
    private BlobDescriptor committed;
    private boolean closed;

    BlobWriter(BlobStore store, Path temp) throws IOException {
        this.store = store;
        this.temp = temp;
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.digesting = new DigestingOutputStream(Channels.newOutputStream(channel));
        this.out = new BufferedOutputStream(digesting, 1 << 16);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Bytes written so far (not counting those still buffered). */
    public long count() {
        return digesting.count();
    }

    /** Hands the buffered bytes to the file, so {@link #count()} and a {@link #reader()} see them. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * A channel reading this blob's bytes: those flushed so far, later ones as they are flushed,
     * and all of them after {@link #commit()} (which moves the file, not its contents) or after
     * an abandoned write (which deletes only the name). For a reader that follows the writer
     * (compressing a layer while it is written); the caller closes it.
     */
    public FileChannel reader() throws IOException {
        if (closed) {
            throw new IOException("blob writer already closed");
        }
        return FileChannel.open(temp, StandardOpenOption.READ);
    }

    /** Finishes the blob and stores it under its digest; an existing identical blob counts as success. */
    public BlobDescriptor commit() throws IOException {
        return commit(null);
    }

    /**
     * Finishes the blob, rejecting it with {@link DigestMismatchException} unless it hashes to
     * {@code expected} (when not null).
     */
    public BlobDescriptor commit(Digest expected) throws IOException {
        if (committed != null) {
            return committed;
        }
        if (closed) {
            throw new IOException("blob writer already closed");
        }
        try {
            out.flush();
            channel.force(true);
            channel.close();
            Digest digest = digesting.digest();
            if (expected != null && !expected.equals(digest)) {
                throw new DigestMismatchException(expected, digest);
            }
            Path target = store.path(digest);
            if (!Files.exists(target)) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            committed = new BlobDescriptor(digest, digesting.count());
            return committed;
        } finally {
            close();
        }
    }

    /** Abandons the blob unless it was committed: the temp file is deleted. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
