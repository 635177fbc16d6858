package dev.strata.builder.context;

import dev.strata.builder.context.digest.FileStat;
import dev.strata.builder.context.pattern.PathNames;
import dev.strata.builder.context.pattern.PatternMatcher;
import dev.strata.builder.context.users.Owner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns files of a {@link SourceRoot} into planned entries: directories recursively (sorted,
 * .dockerignore'd, {@code --exclude}d), symlinks as symlinks, files sharing an inode as hard
 * links to the first one copied. Owners: {@code --chown}, else kept for stage roots, else 0:0.
 * Not thread-safe.
 */
final class SourceWalker {

    private record Inode(long device, long inode) {
    }

    private final SourceRoot root;
    private final PatternMatcher excludes;
    private final Optional<Owner> chown;
    private final Chmod chmod;
    private final Map<Inode, String> firstLink = new HashMap<>();
    private final Map<Path, FileStat> stats = new HashMap<>();

    SourceWalker(SourceRoot root, PatternMatcher excludes, Optional<Owner> chown, Chmod chmod) {
        this.root = root;
        this.excludes = excludes;
        this.chown = chown;
        this.chmod = chmod;
    }

    SourceRoot root() {
        return root;
    }

    /** The lstat taken of each regular file planned, so hashing needs no second one. */
    Map<Path, FileStat> stats() {
        return stats;
    }

    /** Whether {@code --exclude} drops this path (relative to the copied source). */
    boolean excluded(String relative, boolean directory) {
        if (excludes.isEmpty() || relative.isEmpty() || !excludes.matches(relative)) {
            return false;
        }
        return !(directory && excludes.mayIncludeBelow(relative));
    }

    /** Plans the children of directory {@code rel} under {@code target}. */
    void copyChildren(String rel, String target, String excludeBase, NodeSet nodes) {
        // (each child's host path is its directory's plus its name: Path.resolve then parses only
        // the name, not the whole relative path, 10,000 times in a fresh JVM)
        Path dir = root.host(rel);
        for (String name : root.childNames(rel)) {
            // (the path --exclude matches: made only when there are patterns to match)
            String childExclude = excludes.isEmpty() ? "" : PathNames.child(excludeBase, name);
            copy(PathNames.child(rel, name), dir.resolve(name), Destination.join(target, name), childExclude, nodes);
        }
    }

    /** Plans {@code rel} (at {@code host}) itself, not following a final symlink, and, for a directory, what it holds. */
    private void copy(String rel, Path host, String target, String excludeRelative, NodeSet nodes) {
        SourceFile f = root.file(rel, host);
        if (f == null) {
            throw new CopyException(SourceRoot.display(rel) + ": vanished from " + root.description() + " while copying");
        }
        if (excluded(excludeRelative, f.isDirectory())) {
            return;
        }
        if (f.isDirectory()) {
            nodes.add(directoryNode(rel, target, f));
            copyChildren(rel, target, excludeRelative, nodes);
            return;
        }
        PlannedNode node = fileNode(rel, target, f);
        if (node != null) {
            nodes.add(node);
        }
    }

    PlannedNode directoryNode(String rel, String target, SourceFile f) {
        return new PlannedNode(target, PlannedNode.Type.DIR, rel, null, null, mode(f), uid(f), gid(f), f.mtime(), "", 0, 0);
    }

    /** A non-directory entry; null for sockets, which BuildKit does not copy either. */
    PlannedNode fileNode(String rel, String target, SourceFile f) {
        if (f.isRegular()) {
            stats.put(f.host(), f.stat());
            if (f.links() > 1) {
                Inode key = new Inode(f.device(), f.inode());
                String first = firstLink.putIfAbsent(key, target);
                if (first != null && !first.equals(target)) {
                    return new PlannedNode(target, PlannedNode.Type.HARDLINK, rel, f.host(), null, mode(f), uid(f), gid(f),
                            f.mtime(), first, 0, 0);
                }
            }
            return new PlannedNode(target, PlannedNode.Type.FILE, rel, f.host(), null, mode(f), uid(f), gid(f), f.mtime(), "", 0, 0);
        }
        if (f.isSymlink()) {
            String link;
            try {
                link = Files.readSymbolicLink(f.host()).toString();
            } catch (IOException e) {
                throw new CopyException("cannot read symlink " + SourceRoot.display(rel) + ": " + e.getMessage(), e);
            }
            return new PlannedNode(target, PlannedNode.Type.SYMLINK, rel, null, null, 0777, uid(f), gid(f), f.mtime(), link, 0, 0);
        }
        PlannedNode.Type type = f.isCharDevice() ? PlannedNode.Type.CHARDEV
                : f.isBlockDevice() ? PlannedNode.Type.BLOCKDEV
                : f.isFifo() ? PlannedNode.Type.FIFO : null;
        if (type == null) {
            return null;
        }
        return new PlannedNode(target, type, rel, null, null, mode(f), uid(f), gid(f), f.mtime(), "", f.major(), f.minor());
    }

    int mode(SourceFile f) {
        return chmod.apply(f.permissions(), f.isDirectory());
    }

    long uid(SourceFile f) {
        return chown.map(Owner::uid).orElse(root.keepOwners() ? f.uid() : 0L);
    }

    long gid(SourceFile f) {
        return chown.map(Owner::gid).orElse(root.keepOwners() ? f.gid() : 0L);
    }
}
