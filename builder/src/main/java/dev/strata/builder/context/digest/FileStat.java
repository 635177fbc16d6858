package dev.strata.builder.context.digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the stat cache compares: a file whose stat is unchanged keeps its digest. */
public record FileStat(long size, long mtimeNanos, long inode, long ctimeNanos) {

    /** One lstat of the file. */
    public static FileStat of(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ino,ctime", LinkOption.NOFOLLOW_LINKS);
        return new FileStat((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                (Long) a.get("ino"), nanos((FileTime) a.get("ctime")));
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
    public static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
