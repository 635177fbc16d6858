package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes inside one directory without ever following a symlink: every parent of a path must be a
 * real directory below the root (missing ones are created 0755), and an existing entry is removed
 * (never written through) before a new one takes its place. Not thread-safe; the tree must not be
 * changed by anyone else meanwhile (it is a private temporary directory).
 */
final class SafeTree {
    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;

    SafeTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The path of clean relative {@code rel} after checking that its parents are real directories. */
    Path prepare(String rel) throws IOException {
        if (rel.isEmpty()) {
            return root;
        }
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            BasicFileAttributes attrs = attributesOrNull(current);
            if (attrs == null) {
                Files.createDirectory(current, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } else if (!attrs.isDirectory()) {
                throw new UnsafeLayerException("entry \"" + rel + "\" has a parent \"" + root.relativize(current)
                        + "\" that is not a directory" + (attrs.isSymbolicLink() ? " (a symlink, never followed)" : ""));
            }
        }
        return current.resolve(parts[parts.length - 1]);
    }

    /**
     * The path of clean relative {@code rel} if it and every parent are real directories (no
     * symlink on the way), else null. Creates nothing.
     */
    Path directoryOrNull(String rel) throws IOException {
        Path current = root;
        for (String part : rel.isEmpty() ? new String[0] : rel.split("/")) {
            current = current.resolve(part);
            BasicFileAttributes attrs = attributesOrNull(current);
            if (attrs == null || !attrs.isDirectory()) {
                return null;
            }
        }
        return current;
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
