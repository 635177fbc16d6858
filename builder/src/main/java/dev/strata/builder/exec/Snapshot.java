package dev.strata.builder.exec;

import dev.strata.builder.fs.UnixStat;
import dev.strata.builder.rootfs.TreeCopy;
import dev.strata.builder.rootfs.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fallback when overlayfs is unavailable: metadata of every entry of a copied root before the
 * command, compared after it. An entry counts as changed when its type, mode, owner, size, mtime
 * or link target differ; when only ctime or inode moved, contents are hashed against the layer it
 * came from. The result is written as a diff directory in overlay form (xattr whiteouts, no
 * mknod: the store may be on overlayfs), so it is captured like an upper directory. Cost grows with the root's size, unlike overlay. Not thread-safe.
 */
final class Snapshot {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private record State(int mode, int uid, int gid, long size, FileTime mtime, FileTime ctime, long ino, String link) {
        int type() {
            return mode & 0170000;
        }
    }

    private final Map<String, State> before;
    private final Optional<Instant> takenAt;

    private Snapshot(Map<String, State> before, Optional<Instant> takenAt) {
        this.before = before;
        this.takenAt = takenAt;
    }

    static Snapshot take(Path root) throws IOException {
        Map<String, State> states = new HashMap<>();
        walk(root, (rel, state) -> states.put(rel, state));
        // the birth time of a file made now, on the root's own file system: directories born later are new
        Path marker = Files.createTempFile(root.getParent(), ".snapshot-", "");
        try {
            return new Snapshot(states, BirthTimes.of(List.of(marker)).get(marker));
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    /** Writes what changed in {@code root} since {@link #take} into the empty directory {@code out}. */
    void diff(Path root, Path out, List<Path> lowersTopFirst) throws IOException {
        TreeCopy copy = new TreeCopy();
        Set<String> seen = new HashSet<>();
        Set<String> dirsNow = new HashSet<>();
        Set<String> replaced = new HashSet<>();
        Set<String> written = new HashSet<>();
        String[] newTree = {null};
        Map<String, State> after = new LinkedHashMap<>();
        walk(root, after::put);
        Set<String> reborn = reborn(root, after);
        for (Map.Entry<String, State> entry : after.entrySet()) {
            String rel = entry.getKey();
            State now = entry.getValue();
            seen.add(rel);
            if (now.type() == 0040000) {
                dirsNow.add(rel);
            }
            if (rel.isEmpty()) {
                continue;
            }
            if (newTree[0] != null && !rel.startsWith(newTree[0] + "/")) {
                newTree[0] = null;
            }
            State old = before.get(rel);
            boolean changed = newTree[0] != null || old == null || changed(old, now, root, rel, lowersTopFirst);
            if (!changed) {
                continue;
            }
            ensureParents(root, out, rel, copy, written);
            copy.copy(root.resolve(rel), out.resolve(rel));
            written.add(rel);
            boolean replacedDir = now.type() == 0040000 && old != null
                    && (old.type() != 0040000 || old.ino() != now.ino() || reborn.contains(rel));
            if (replacedDir && newTree[0] == null) {
                Xattrs.markOpaque(out.resolve(rel));
                newTree[0] = rel;
                replaced.add(rel);
            }
        }
        for (String rel : before.keySet()) {
            String parent = parent(rel);
            if (rel.isEmpty() || seen.contains(rel) || !dirsNow.contains(parent) || replaced.contains(parent)) {
                continue; // still there, or covered by its parent's whiteout or opaque marker
            }
            ensureParents(root, out, rel, copy, written);
            copy.whiteout(out.resolve(rel));
        }
        copy.finish();
    }

    /**
     * Directories deleted and made again under the same inode number (file systems reuse a freed
     * inode at once): their inode and type match, but they were born after the snapshot. Only
     * directories whose ctime moved are asked, in one batch.
     */
    private Set<String> reborn(Path root, Map<String, State> after) throws IOException {
        if (takenAt.isEmpty()) {
            return Set.of();
        }
        Map<Path, String> candidates = new LinkedHashMap<>();
        for (Map.Entry<String, State> entry : after.entrySet()) {
            State old = before.get(entry.getKey());
            State now = entry.getValue();
            if (!entry.getKey().isEmpty() && now.type() == 0040000 && old != null && old.type() == 0040000
                    && old.ino() == now.ino() && !old.ctime().equals(now.ctime())) {
                candidates.put(root.resolve(entry.getKey()), entry.getKey());
            }
        }
        Set<String> result = new HashSet<>();
        Map<Path, Optional<Instant>> births = BirthTimes.of(List.copyOf(candidates.keySet()));
        for (Map.Entry<Path, String> candidate : candidates.entrySet()) {
            Optional<Instant> born = births.getOrDefault(candidate.getKey(), Optional.empty());
            if (born.isPresent() && born.get().isAfter(takenAt.get())) {
                result.add(candidate.getValue());
            }
        }
        return result;
    }

    private static boolean changed(State old, State now, Path root, String rel, List<Path> lowers) throws IOException {
        if (old.mode() != now.mode() || old.uid() != now.uid() || old.gid() != now.gid()
                || !old.mtime().equals(now.mtime()) || old.size() != now.size()
                || (old.link() == null ? now.link() != null : !old.link().equals(now.link()))) {
            return true;
        }
        if (old.ctime().equals(now.ctime()) && old.ino() == now.ino()) {
            return false;
        }
        if (now.type() != 0100000) {
            return now.type() != 0040000;
        }
        for (Path lower : lowers) {
            Path original = lower.resolve(rel);
            if (Files.isRegularFile(original, NOFOLLOW)) {
                return !Arrays.equals(sha256(original), sha256(root.resolve(rel)));
            }
        }
        return true;
    }

    private static void ensureParents(Path root, Path out, String rel, TreeCopy copy, Set<String> written) throws IOException {
        int slash = rel.indexOf('/');
        while (slash >= 0) {
            String parent = rel.substring(0, slash);
            if (written.add(parent)) {
                copy.copy(root.resolve(parent), out.resolve(parent));
            }
            slash = rel.indexOf('/', slash + 1);
        }
    }

    private static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    private interface Visitor {
        void visit(String rel, State state) throws IOException;
    }

    private static void walk(Path root, Visitor visitor) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                visitor.visit(root.relativize(dir).toString(), state(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                visitor.visit(root.relativize(file).toString(), state(file));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static State state(Path path) throws IOException {
        UnixStat a = UnixStat.of(path);
        String link = a.isSymlink() ? Files.readSymbolicLink(path).toString() : null;
        return new State(a.mode(), a.uid(), a.gid(), a.size(), a.mtime(), a.ctime(), a.inode(), link);
    }

    private static byte[] sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
