package dev.strata.builder.context;

import dev.strata.builder.context.pattern.PathNames;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Where a COPY writes: the destination taken against WORKDIR, resolved through the image's
 * symlinks (clamped to its root, as BuildKit's {@code fs.RootPath}), and whether it is a
 * directory. Also plans the missing parents: 0755, owned by the {@code --chown} owner or root,
 * as BuildKit's {@code MkdirAll}; parents the image already has are repeated with their metadata.
 */
final class Destination {

    private static final int MAX_LINKS = 255;

    private final ImageTree image;
    private final String path;
    private final boolean slash;
    private final Optional<ImageTree.Node> existing;

    private Destination(ImageTree image, String path, boolean slash) {
        this.image = image;
        this.path = path;
        this.slash = slash;
        this.existing = path.equals("/") ? Optional.of(new ImageTree.Node(ImageTree.Node.Kind.DIRECTORY, 0755, 0, 0, ""))
                : image.lstat(path);
    }

    static Destination of(String destination, String workdir, ImageTree image) {
        String dest = destination.isEmpty() || destination.equals(".") ? "./" : destination;
        boolean slash = dest.endsWith("/") || dest.endsWith("/.");
        String joined = dest.startsWith("/") ? dest : (workdir.isEmpty() ? "/" : workdir) + "/" + dest;
        String clean = PathNames.absolute(joined);
        return new Destination(image, resolve(image, clean), slash);
    }

    /** The resolved, clean absolute destination. */
    String path() {
        return path;
    }

    /** Whether the word ended in {@code /} (or was {@code .}). */
    boolean slash() {
        return slash;
    }

    boolean existsAsDirectory() {
        return existing.map(n -> n.kind() == ImageTree.Node.Kind.DIRECTORY).orElse(false);
    }

    boolean existsAsNonDirectory() {
        return existing.map(n -> n.kind() != ImageTree.Node.Kind.DIRECTORY).orElse(false);
    }

    /** The target of one item: inside the destination when it is a directory. */
    String targetFor(String baseName, boolean intoDirectory) {
        return intoDirectory ? join(path, baseName) : path;
    }

    static String join(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    /** Plans every directory above {@code target} (not the root). */
    void addParents(NodeSet nodes, String target, long uid, long gid, Instant mtime) {
        List<String> parents = new ArrayList<>();
        for (String p = PathNames.dir(target); !p.equals("/"); p = PathNames.dir(p)) {
            parents.add(0, p);
        }
        for (String p : parents) {
            addDirectory(nodes, p, uid, gid, mtime);
        }
    }

    /** Plans {@code dir} as the image has it, or as a new 0755 directory. */
    void addDirectory(NodeSet nodes, String dir, long uid, long gid, Instant mtime) {
        Optional<ImageTree.Node> node = image.lstat(dir);
        if (node.isPresent() && node.get().kind() == ImageTree.Node.Kind.DIRECTORY) {
            ImageTree.Node n = node.get();
            nodes.addParent(PlannedNode.dir(dir, "", n.mode(), n.uid(), n.gid(), mtime));
        } else if (node.isPresent()) {
            throw new CopyException("cannot copy to non-directory: " + dir);
        } else {
            nodes.addParent(PlannedNode.dir(dir, "", 0755, uid, gid, mtime));
        }
    }

    /** Existing metadata at {@code path}, if the image has a directory there. */
    Optional<ImageTree.Node> existingDirectory() {
        return existing.filter(n -> n.kind() == ImageTree.Node.Kind.DIRECTORY);
    }

    /** {@code clean} with the image's symlinks followed, clamped to its root (missing parts kept as names). */
    static String resolve(ImageTree image, String clean) {
        Deque<String> pending = new ArrayDeque<>();
        for (String part : clean.split("/")) {
            if (!part.isEmpty()) {
                pending.add(part);
            }
        }
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(part);
            Optional<ImageTree.Node> node = image.lstat("/" + String.join("/", done));
            if (node.isEmpty() || node.get().kind() != ImageTree.Node.Kind.SYMLINK) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new CopyException("too many levels of symbolic links in destination " + clean);
            }
            done.remove(done.size() - 1);
            String target = node.get().linkTarget();
            String joined = target.startsWith("/") ? target : "/" + String.join("/", done) + "/" + target;
            done.clear();
            String[] parts = PathNames.absolute(joined).split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                if (!parts[i].isEmpty()) {
                    pending.addFirst(parts[i]);
                }
            }
        }
        return "/" + String.join("/", done);
    }
}
