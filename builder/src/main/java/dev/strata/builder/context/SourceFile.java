package dev.strata.builder.context;

import dev.strata.builder.context.digest.FileStat;
import dev.strata.builder.fs.UnixStat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** What COPY reads of one file of a source root: one lstat with the unix attributes. */
record SourceFile(Path host, int rawMode, long uid, long gid, Instant mtime, long inode, long device, int links,
        long rdev, FileStat stat) {

    private static final int S_IFMT = 0170000;

    static SourceFile lstat(Path host) {
        try {
            UnixStat a = UnixStat.of(host);
            return new SourceFile(host, a.mode(), a.uid(), a.gid(),
                    a.mtime().toInstant(), a.inode(), a.device(), a.links(), a.rdev(), FileStat.of(a));
        } catch (IOException e) {
            return null;
        }
    }

    /** This file with owner and permission bits taken from elsewhere (the layers it was extracted from). */
    SourceFile withOwnerAndMode(long uid, long gid, int permissions) {
        return new SourceFile(host, (rawMode & S_IFMT) | (permissions & 07777), uid, gid, mtime, inode, device, links, rdev, stat);
    }

    int permissions() {
        return rawMode & 07777;
    }

    boolean isDirectory() {
        return (rawMode & S_IFMT) == 0040000;
    }

    boolean isRegular() {
        return (rawMode & S_IFMT) == 0100000;
    }

    boolean isSymlink() {
        return (rawMode & S_IFMT) == 0120000;
    }

    boolean isCharDevice() {
        return (rawMode & S_IFMT) == 0020000;
    }

    boolean isBlockDevice() {
        return (rawMode & S_IFMT) == 0060000;
    }

    boolean isFifo() {
        return (rawMode & S_IFMT) == 0010000;
    }

    /** Linux's major number of a device (glibc's gnu_dev_major). */
    int major() {
        return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
    }

    int minor() {
        return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
    }
}
