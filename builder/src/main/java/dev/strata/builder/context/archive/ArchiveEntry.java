package dev.strata.builder.context.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One member of an archive ADD extracts.
 *
 * @param path clean relative path inside the destination (never starts with {@code ..})
 * @param content for regular files, the extracted bytes in the scratch directory
 * @param link symlink target as stored, or the clean relative path a hard link points to
 * @param xattrs the extended attributes the member's PAX header gives it, by name (raw values)
 */
public record ArchiveEntry(String path, Type type, Path content, int mode, long uid, long gid, Instant mtime,
        String link, int major, int minor, SortedMap<String, byte[]> xattrs) {

    public ArchiveEntry {
        xattrs = xattrs == null || xattrs.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    public enum Type { DIR, FILE, SYMLINK, HARDLINK, CHARDEV, BLOCKDEV, FIFO }
}
