package dev.strata.builder.layer;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metadata every layer entry carries: permission bits (including setuid, setgid and sticky:
 * {@code 07777}), numeric owner, mtime (clamped to the source date epoch when written) and
 * extended attributes (written as PAX {@code SCHILY.xattr.*} records, values as raw bytes).
 */
public record EntryAttributes(int mode, long uid, long gid, Instant mtime, SortedMap<String, byte[]> xattrs) {
    /** What whiteout markers carry: nothing of their own. */
    public static final EntryAttributes WHITEOUT = of(0, 0, 0, Instant.EPOCH);

    public EntryAttributes {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " is not within 07777");
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("negative uid/gid " + uid + ":" + gid);
        }
        Objects.requireNonNull(mtime, "mtime");
        xattrs = xattrs == null || xattrs.isEmpty()
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    /** Attributes without xattrs. */
    public static EntryAttributes of(int mode, long uid, long gid, Instant mtime) {
        return new EntryAttributes(mode, uid, gid, mtime, null);
    }

    /** The same attributes with these xattrs. */
    public EntryAttributes withXattrs(Map<String, byte[]> newXattrs) {
        return new EntryAttributes(mode, uid, gid, mtime, newXattrs == null ? null : new TreeMap<>(newXattrs));
    }

    /** The same attributes with another owner. */
    public EntryAttributes withOwner(long newUid, long newGid) {
        return new EntryAttributes(mode, newUid, newGid, mtime, xattrs);
    }

    /** The same attributes with another mode. */
    public EntryAttributes withMode(int newMode) {
        return new EntryAttributes(newMode, uid, gid, mtime, xattrs);
    }
}
