package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes inside one directory that starts empty without ever following a symlink. It remembers
 * every entry it made there (a directory with its owner and mode, or a file or symlink), so
 * checking that each parent of a path is a real directory made here costs no system call: a
 * layer's ~10 lstat calls per entry were most of its extraction's system time. The record is
 * only as good as the rule that nobody else changes the tree meanwhile (it is a private temporary
 * directory), and every creation is exclusive (mkdir, symlink, link, {@code O_CREAT|O_EXCL}), so a
 * name the record and the disk disagree on (a file system that folds case, say) fails instead of
 * being written through; removal only ever touches names the record has. Not thread-safe.
 */
final class SafeTree {
    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int SETGID = 02000;

    /** What the record holds at a name: a {@link Dir}, or a {@link Leaf} kind (one shared object per kind). */
    sealed interface Node permits Dir, Leaf {}

    /** A non-directory entry; its metadata is set right after creation and never looked up again. */
    enum Leaf implements Node { FILE, SYMLINK }

    /** A directory made here (or the root), with the owner and mode it has now. Not thread-safe. */
    static final class Dir implements Node {
        private final Map<String, Node> children = new HashMap<>();
        long uid;
        long gid;
        int mode;

        private Dir(long uid, long gid, int mode) {
            this.uid = uid;
            this.gid = gid;
            this.mode = mode;
        }
    }

    private final Path root;
    private final Dir top;
    /** Owner of everything created here (no directory is setgid while the tree is written). */
    private final long createdUid;
    private final long createdGid;
    /** Permission bits creation keeps (the umask's complement, or a default ACL's). */
    private final int keptBits;
    private final Map<Integer, FileAttribute<Set<PosixFilePermission>>> permissions = new HashMap<>();

    private SafeTree(Path root, Map<String, Object> rootAttrs, Map<String, Object> probe) {
        this.root = root;
        this.top = new Dir(number(rootAttrs, "uid"), number(rootAttrs, "gid"), (Integer) rootAttrs.get("mode") & 07777);
        this.createdUid = number(probe, "uid");
        this.createdGid = number(probe, "gid");
        this.keptBits = (Integer) probe.get("mode") & 0777;
    }

    /**
     * A tree in {@code root}, which must be an empty directory that is not setgid (its new entries
     * would take their group from their directory). One probe directory, made and removed, tells
     * which owner and permission bits new entries get.
     */
    static SafeTree inEmpty(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            if (entries.iterator().hasNext()) {
                throw new IllegalArgumentException(root + " is not empty");
            }
        }
        Map<String, Object> rootAttrs = Files.readAttributes(root, "unix:mode,uid,gid", NOFOLLOW);
        if (((Integer) rootAttrs.get("mode") & SETGID) != 0) {
            throw new IllegalArgumentException(root + " is setgid");
        }
        Path probe = root.resolve(".strata-probe");
        Files.createDirectory(probe, PosixFilePermissions.asFileAttribute(EnumSet.allOf(PosixFilePermission.class)));
        try {
            return new SafeTree(root, rootAttrs, Files.readAttributes(probe, "unix:mode,uid,gid", NOFOLLOW));
        } finally {
            Files.delete(probe);
        }
    }

    Path root() {
        return root;
    }

    /** The host path of clean relative {@code rel} (nothing checked). */
    Path path(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    long createdUid() {
        return createdUid;
    }

    long createdGid() {
        return createdGid;
    }

    /** The mode a new entry asked for {@code mode} (permission bits) gets. */
    int createdMode(int mode) {
        return mode & 0777 & keptBits;
    }

    /** The permission bits of {@code mode} as a creation attribute (the kernel still applies the umask). */
    FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        return permissions.computeIfAbsent(mode & 0777, bits -> {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ first, OTHERS_EXECUTE last
            for (int i = 0; i < all.length; i++) {
                if ((bits & (0400 >> i)) != 0) {
                    set.add(all[i]);
                }
            }
            return PosixFilePermissions.asFileAttribute(set);
        });
    }

    /** What was made at clean relative {@code rel}, or null (nothing there, or a parent is not a directory). */
    Node get(String rel) {
        if (rel.isEmpty()) {
            return top;
        }
        Node current = top;
        int start = 0;
        while (true) {
            if (!(current instanceof Dir dir)) {
                return null;
            }
            int slash = rel.indexOf('/', start);
            current = dir.children.get(slash < 0 ? rel.substring(start) : rel.substring(start, slash));
            if (current == null || slash < 0) {
                return current;
            }
            start = slash + 1;
        }
    }

    /** The directory made at {@code rel} (every parent a directory too), or null. */
    Dir directoryOrNull(String rel) {
        return get(rel) instanceof Dir dir ? dir : null;
    }

    /**
     * The path of clean relative {@code rel} after making sure its parents are directories made
     * here (missing ones are created 0755).
     */
    Path prepare(String rel) throws IOException {
        parentOf(rel);
        return path(rel);
    }

    /** Makes directory {@code rel} (0755; its parents must exist, and nothing at {@code rel}). */
    Dir makeDirectory(String rel) throws IOException {
        return newDirectory(parentOf(rel), name(rel), path(rel));
    }

    private Dir newDirectory(Dir parent, String name, Path path) throws IOException {
        Files.createDirectory(path, permissions(0755));
        Dir dir = new Dir(createdUid, createdGid, createdMode(0755));
        parent.children.put(name, dir);
        return dir;
    }

    /** Records {@code leaf} as just made at {@code rel} (whose parents {@link #prepare} checked). */
    void made(String rel, Leaf leaf) throws IOException {
        parentOf(rel).children.put(name(rel), leaf);
    }

    /** Removes what was made at {@code rel} (with its contents if a directory); nothing there is fine. */
    void remove(String rel) throws IOException {
        if (rel.isEmpty()) {
            throw new IllegalArgumentException("the root stays");
        }
        Dir parent = directoryOrNull(parentName(rel));
        if (parent != null && parent.children.containsKey(name(rel))) {
            Trees.delete(path(rel));
            parent.children.remove(name(rel));
        }
    }

    /** The directory holding {@code rel}, made here; missing parents are created. */
    private Dir parentOf(String rel) throws IOException {
        Dir current = top;
        int start = 0;
        for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', start)) {
            String name = rel.substring(start, slash);
            Node next = current.children.get(name);
            if (next == null) {
                next = newDirectory(current, name, root.resolve(rel.substring(0, slash)));
            } else if (!(next instanceof Dir)) {
                throw new UnsafeLayerException("entry \"" + EntryPath.printable(rel) + "\" has a parent \""
                        + EntryPath.printable(rel.substring(0, slash)) + "\" that is not a directory"
                        + (next == Leaf.SYMLINK ? " (a symlink, never followed)" : ""));
            }
            current = (Dir) next;
            start = slash + 1;
        }
        return current;
    }

    private static String name(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    private static String parentName(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    private static long number(Map<String, Object> attrs, String name) {
        return ((Number) attrs.get(name)).longValue();
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
