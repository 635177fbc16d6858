package dev.strata.builder.exec;

import dev.strata.builder.exec.MountSpec.Sharing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Persistent {@code RUN --mount=type=cache} directories: {@code <storeRoot>/cache-mounts/<hash of
 * id>}. {@code shared} mounts are used by everyone at once; {@code locked} ones by one step at a
 * time (a file lock across processes, a lock within this one); {@code private} ones get another
 * instance ({@code -1}, {@code -2}, ...) while the first is busy. Thread-safe.
 */
final class CacheMounts {
    /** A cache directory in use; close it when the step is done to let others in. */
    record Lease(Path dir, Release release) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            release.close();
        }
    }

    /** Gives a cache directory back. */
    interface Release {
        void close() throws IOException;
    }

    private final Path root;
    private final Map<Path, ReentrantLock> inProcess = new ConcurrentHashMap<>();

    CacheMounts(Path storeRoot) {
        this.root = storeRoot.resolve("cache-mounts");
    }

    Lease acquire(MountSpec spec) throws IOException {
        Files.createDirectories(root);
        String base = sha256(spec.id()).substring(0, 32);
        if (spec.sharing() == Sharing.SHARED) {
            return new Lease(create(root.resolve(base), spec), () -> {});
        }
        for (int instance = 0; ; instance++) {
            Path dir = root.resolve(instance == 0 ? base : base + "-" + instance);
            ReentrantLock local = inProcess.computeIfAbsent(dir, d -> new ReentrantLock());
            boolean locked = spec.sharing() == Sharing.LOCKED ? lockInterruptibly(local) : local.tryLock();
            if (!locked) {
                continue;
            }
            FileChannel channel = FileChannel.open(root.resolve(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = spec.sharing() == Sharing.LOCKED ? channel.lock() : channel.tryLock();
            if (fileLock == null) {
                channel.close();
                local.unlock();
                continue;
            }
            return new Lease(create(dir, spec), () -> {
                try {
                    fileLock.release();
                    channel.close();
                } finally {
                    local.unlock();
                }
            });
        }
    }

    private static boolean lockInterruptibly(ReentrantLock lock) throws IOException {
        try {
            lock.lockInterruptibly();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while waiting for a locked cache mount", e);
        }
    }

    private static Path create(Path dir, MountSpec spec) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path temp = Files.createTempDirectory(dir.getParent(), ".new-");
            Files.setAttribute(temp, "unix:mode", spec.mode() < 0 ? 0755 : spec.mode());
            Files.setAttribute(temp, "unix:uid", (int) Math.max(spec.uid(), 0));
            Files.setAttribute(temp, "unix:gid", (int) Math.max(spec.gid(), 0));
            try {
                Files.move(temp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(temp);
            }
        }
        return dir;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
