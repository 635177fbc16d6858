package dev.strata.builder.context.archive;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One member of an archive ADD extracts.
 *
 * @param path clean relative path inside the destination (never starts with {@code ..})
 * @param content for regular files, the extracted bytes in the scratch directory
 * @param link symlink target as stored, or the clean relative path a hard link points to
 */
public record ArchiveEntry(String path, Type type, Path content, int mode, long uid, long gid, Instant mtime,
        String link, int major, int minor) {

    public enum Type { DIR, FILE, SYMLINK, HARDLINK, CHARDEV, BLOCKDEV, FIFO }
}
