package dev.strata.builder.context;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One entry a COPY will write, before it becomes a layer entry.
 *
 * @param target absolute path in the image
 * @param source path in the source root (or URL, {@code <<name}); "" for created parents
 * @param host the file to read (files, archives), or null
 * @param bytes in-memory content (heredocs), or null
 * @param link symlink or hardlink target
 */
record PlannedNode(String target, Type type, String source, Path host, byte[] bytes, int mode, long uid, long gid,
        Instant mtime, String link, int major, int minor) {

    enum Type {
        DIR, FILE, SYMLINK, HARDLINK, CHARDEV, BLOCKDEV, FIFO, ARCHIVE;

        /** The name the cache key gives it ({@code file}, {@code dir}, ...). */
        final String keyName = name().toLowerCase(java.util.Locale.ROOT);
    }

    static PlannedNode dir(String target, String source, int mode, long uid, long gid, Instant mtime) {
        return new PlannedNode(target, Type.DIR, source, null, null, mode, uid, gid, mtime, "", 0, 0);
    }

    boolean isDir() {
        return type == Type.DIR;
    }

    /** Whether it comes from a source (the cache key lists it), not a created or existing parent. */
    boolean fromSource() {
        return !source.isEmpty();
    }
}
