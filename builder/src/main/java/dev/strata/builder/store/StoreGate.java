package dev.strata.builder.store;

import dev.strata.builder.blob.BlobStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's exclusive lock ({@code tmp/store.lock}): a build holds it only while it registers
 * its {@link BuildLease}, a prune for its whole run, so a prune never sees a half-registered build
 * and no build starts while a prune deletes. Waits for the lock. Not thread-safe (one holder).
 */
final class StoreGate implements AutoCloseable {
    /**
     * File locks belong to the process, and closing any channel on a file drops all of the process's
     * locks on it; so threads of this JVM queue here first and only one channel is open at a time.
     */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreGate(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static StoreGate lock(BlobStore store) throws IOException {
        return lock(store, () -> {});
    }

    /** Locks, running {@code onWait} first when the lock is busy (so a caller can say why it waits). */
    static StoreGate lock(BlobStore store, Runnable onWait) throws IOException {
        Path file = store.tempDir().resolve("store.lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        try {
            if (!local.tryLock()) {
                onWait.run();
                local.lockInterruptibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the store lock");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                onWait.run();
                lock = channel.lock();
            }
            return new StoreGate(local, channel, lock);
        } catch (IOException | RuntimeException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                local.unlock();
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
