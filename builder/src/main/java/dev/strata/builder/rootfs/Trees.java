package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes temporary trees without following symlinks (never call it on a mounted directory).
 * Entries that vanish meanwhile are fine: a step's cleanup and the shutdown hook may race.
 */
public final class Trees {
    private Trees() {}

    /** Removes whatever is at {@code root} (a directory with its contents); absent is fine. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
                    allowOwner(dir); // a read-only directory of a layer, deleted by a non-root builder
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                if (e instanceof AccessDeniedException && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isReadable(file)) {
                    // unreadable, so not even listed: overlayfs's mode-000 work/work left by a mount in a user namespace
                    allowOwnerOfUnreadable(file);
                    if (Files.isReadable(file)) {
                        delete(file);
                        return FileVisitResult.CONTINUE;
                    }
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A no-follow chmod opens the file first, which a mode-000 directory refuses even to its owner;
     * this one follows links, so it is only for a directory just seen as one (no step runs any more
     * when a tree is deleted, so nothing can swap it for a link meanwhile).
     */
    private static void allowOwnerOfUnreadable(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            // not ours: the deletion says what failed
        }
    }

    private static void allowOwner(Path dir) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        try {
            Files.setAttribute(dir, "unix:mode", (mode & 07777) | 0700, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.FileSystemException e) {
            // not ours: the deletion below says what failed
        }
    }
}
