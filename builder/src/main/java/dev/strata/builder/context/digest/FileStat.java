package dev.strata.builder.context.digest;

import dev.strata.builder.fs.UnixStat;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/** What the stat cache compares: a file whose stat is unchanged keeps its digest. */
public record FileStat(long size, long mtimeNanos, long inode, long ctimeNanos) {

    /** How long after its last change a file's stat stands for its content: a later write gets other times. */
    private static final long SETTLE_NANOS = 100_000_000L;

    /**
     * Whether the file had not changed for 100 ms at {@code nowNanos} (epoch nanoseconds): then a
     * write after that time gives it another mtime or ctime, even on a file system whose clock
     * ticks coarsely, so this stat, taken no earlier, stands for its content.
     */
    public boolean settledAt(long nowNanos) {
        return nowNanos - mtimeNanos > SETTLE_NANOS && nowNanos - ctimeNanos > SETTLE_NANOS;
    }

    /** One lstat of the file. */
    public static FileStat of(Path file) throws IOException {
        return of(UnixStat.of(file));
    }

    /** The stat cache's part of a full lstat. */
    public static FileStat of(UnixStat a) {
        return new FileStat(a.size(), nanos(a.mtime()), a.inode(), nanos(a.ctime()));
    }

    // written out rather than generated, as Digest's are: no method-handle bootstrap on first call
    @Override
    public boolean equals(Object other) {
        return other instanceof FileStat f && size == f.size && mtimeNanos == f.mtimeNanos && inode == f.inode
                && ctimeNanos == f.ctimeNanos;
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(size) * 31 + Long.hashCode(mtimeNanos)) * 31 + Long.hashCode(inode)) * 31 + Long.hashCode(ctimeNanos);
    }

    /** A {@link FileTime} in nanoseconds. */
    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
