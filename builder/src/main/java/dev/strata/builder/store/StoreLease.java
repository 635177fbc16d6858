package dev.strata.builder.store;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.exec.Leftovers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The hold a build (or a load or pull, which also write blobs before naming them) has on a store:
 * its own directory {@code tmp/leases/<purpose>-<pid>-<start>-<random>/} for step directories,
 * mounts, the runtime's state and downloads, and a lock on the {@code lease} file in it for as long
 * as it runs. The lock is the shared side of the store's lock protocol: a prune refuses to run
 * while any lease is held, so it never deletes what a running build reads or writes. A lease whose
 * lock is free belongs to a process that died (SIGKILL, power loss): every new lease and every
 * prune first removes what it left ({@link Leftovers#clean}: containers, mounts, secrets in
 * {@code /dev/shm}). Not thread-safe.
 */
public final class StoreLease implements AutoCloseable {
    private static final String LEASE = "lease";
    private static final String OWNER_TAG = ProcessHandle.current().pid() + "-"
            + ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z]+-[0-9]+-[0-9]+-[0-9]+");

    private final BlobStore store;
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Consumer<String> notes;

    private StoreLease(BlobStore store, Path dir, FileChannel channel, FileLock lock, Consumer<String> notes) {
        this.store = store;
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.notes = notes;
    }

    /** What holds a lease, named in the error of a prune that must wait for it. */
    public enum Purpose {
        BUILD, LOAD, PULL, FSCK;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A live lease: who holds it. */
    record Holder(String purpose, long pid) {}

    /**
     * Cleans up after dead holders, then takes a lease on {@code store}; waits while a prune runs.
     *
     * @param notes told what could not be cleaned up (a mount that would not go)
     */
    public static StoreLease acquire(BlobStore store, Purpose purpose, Consumer<String> notes) throws IOException {
        try (StoreGate gate = StoreGate.lock(store, () -> notes.accept("waiting for a prune of the store " + store.root() + " to finish"))) {
            sweepDead(store).forEach(notes);
            Path builds = Files.createDirectories(builds(store));
            Path dir = Files.createTempDirectory(builds, purpose.word() + "-" + ownerTag() + "-");
            FileChannel channel = FileChannel.open(dir.resolve(LEASE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.lock();
                channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
                return new StoreLease(store, dir, channel, lock, notes);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /** The store this lease holds. */
    public BlobStore store() {
        return store;
    }

    /** The build's own temporary directory (on the store's file system, for atomic moves into it). */
    public Path tempDir() {
        return dir;
    }

    /** Removes what the build left in its directory (normally nothing), then releases the lease. */
    @Override
    public void close() throws IOException {
        try {
            Leftovers.clean(dir).forEach(notes);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Under the {@link StoreGate}: removes what builds whose lease is free left behind, and secrets
     * in {@code /dev/shm} whose build directory is gone. Returns what could not be cleaned.
     */
    static List<String> sweepDead(BlobStore store) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path dir : leaseDirs(store)) {
            if (ownedByThisProcess(dir)) {
                continue; // a build of this JVM: opening its lock file again would drop the lock
            }
            try (FileChannel channel = openLease(dir)) {
                FileLock lock = channel == null ? null : tryLock(channel);
                if (channel != null && lock == null) {
                    continue; // a live build holds it
                }
                problems.addAll(Leftovers.clean(dir));
            }
        }
        Leftovers.removeOrphanedPrivateDirs();
        return problems;
    }

    /** Under the {@link StoreGate}: who holds a lease on the store now. */
    static List<Holder> holders(BlobStore store) throws IOException {
        List<Holder> holders = new ArrayList<>();
        for (Path dir : leaseDirs(store)) {
            boolean live = ownedByThisProcess(dir);
            if (!live) {
                try (FileChannel channel = openLease(dir)) {
                    live = channel != null && tryLock(channel) == null;
                }
            }
            if (live) {
                String[] parts = dir.getFileName().toString().split("-");
                holders.add(new Holder(parts[0], parsePid(parts[1])));
            }
        }
        return holders;
    }

    private static Path builds(BlobStore store) {
        return store.tempDir().resolve("leases");
    }

    private static List<Path> leaseDirs(BlobStore store) throws IOException {
        Path builds = builds(store);
        if (!Files.isDirectory(builds, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(builds)) {
            return dirs.filter(d -> NAME.matcher(d.getFileName().toString()).matches() && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        }
    }

    /** The lease file opened for locking; null when it is missing (its build died while creating it). */
    private static FileChannel openLease(Path dir) throws IOException {
        Path file = dir.resolve(LEASE);
        if (Files.isSymbolicLink(file)) {
            return null;
        }
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** {@code <pid>-<start time in ms>}: with the start time, a reused pid is no match. */
    private static String ownerTag() {
        return OWNER_TAG;
    }

    private static boolean ownedByThisProcess(Path dir) {
        String name = dir.getFileName().toString();
        return name.substring(name.indexOf('-') + 1).startsWith(ownerTag() + "-");
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
