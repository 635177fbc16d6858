package dev.strata.builder.layer;

import java.util.Objects;

/**
 * One entry of a layer: the common currency of COPY, ADD and RUN. Paths are normalised by
 * {@link LayerPaths#normalize} ({@code usr/bin/x}: relative, '/'-separated). Whiteouts are
 * written in OCI form: {@link Whiteout} as {@code dir/.wh.name}, {@link OpaqueWhiteout} as
 * {@code dir/.wh..wh..opq}.
 */
public sealed interface LayerEntry {
    /** The normalised path this entry describes (for whiteouts: the path removed). */
    String path();

    /** Mode, owner, mtime, xattrs. */
    EntryAttributes attributes();

    /** The name of this entry inside the tar (differs from {@link #path()} only for whiteouts). */
    default String tarName() {
        return path();
    }

    /** A regular file with its content. */
    record RegularFile(String path, EntryAttributes attributes, Content content) implements LayerEntry {
        public RegularFile {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A directory (its contents are separate entries). */
    record Directory(String path, EntryAttributes attributes) implements LayerEntry {
        public Directory {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /** A symbolic link; {@code target} is kept exactly as given (absolute or relative). */
    record Symlink(String path, EntryAttributes attributes, String target) implements LayerEntry {
        public Symlink {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
            if (target == null || target.isEmpty()) {
                throw new IllegalArgumentException("symlink " + path + " has an empty target");
            }
        }
    }

    /**
     * A hard link to {@code target}, another path in the layer (normalised). If the link sorts
     * before its target, the layer writer swaps them so the file's data comes first in the tar.
     */
    record Hardlink(String path, EntryAttributes attributes, String target) implements LayerEntry {
        public Hardlink {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
            target = LayerPaths.normalize(target);
        }
    }

    /** A character device node. */
    record CharDevice(String path, EntryAttributes attributes, int major, int minor) implements LayerEntry {
        public CharDevice {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /** A block device node. */
    record BlockDevice(String path, EntryAttributes attributes, int major, int minor) implements LayerEntry {
        public BlockDevice {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /** A named pipe. */
    record Fifo(String path, EntryAttributes attributes) implements LayerEntry {
        public Fifo {
            path = LayerPaths.normalize(path);
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /** Deletes {@code path} (file or directory) of the layers below: {@code parent/.wh.name}. */
    record Whiteout(String path) implements LayerEntry {
        public Whiteout {
            path = LayerPaths.normalize(path);
            if (LayerPaths.baseName(path).startsWith(".wh.")) {
                throw new IllegalArgumentException("cannot white out a whiteout name: " + path);
            }
        }

        @Override
        public EntryAttributes attributes() {
            return EntryAttributes.WHITEOUT;
        }

        @Override
        public String tarName() {
            String parent = LayerPaths.parent(path);
            return (parent.isEmpty() ? "" : parent + "/") + ".wh." + LayerPaths.baseName(path);
        }
    }

    /** Hides everything the layers below hold in directory {@code path}: {@code path/.wh..wh..opq}. */
    record OpaqueWhiteout(String path) implements LayerEntry {
        public OpaqueWhiteout {
            path = LayerPaths.normalize(path);
        }

        @Override
        public EntryAttributes attributes() {
            return EntryAttributes.WHITEOUT;
        }

        @Override
        public String tarName() {
            return path + "/.wh..wh..opq";
        }
    }
}
