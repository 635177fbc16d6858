package dev.strata.builder.context;

import dev.strata.builder.context.archive.ArchiveReader;
import dev.strata.builder.context.pattern.PathNames;
import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.tar.TarEndStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An {@link ImageTree} built from an image's layers without unpacking them: the metadata of every
 * path (OCI whiteouts and opaque directories applied), plus the text of {@code /etc/passwd} and
 * {@code /etc/group} for {@code --chown}. Base layers are read once ({@link #applyLayer}); the
 * layers a build adds are applied from their entries ({@link #apply}). Not thread-safe.
 */
public final class LayeredImageTree implements ImageTree {

    private static final Set<String> KEPT = Set.of("/etc/passwd", "/etc/group");
    private static final int MAX_KEPT = 4 << 20;

    private final NavigableMap<String, Node> nodes = new TreeMap<>();
    private final Map<String, String> texts = new HashMap<>();

    private record Change(String path, Node node, String whiteout, boolean opaque, String hardlinkTarget, String text) {
    }

    /** An independent copy: the tree of a stack grows from the tree of the stack below it. */
    public LayeredImageTree copy() {
        LayeredImageTree copy = new LayeredImageTree();
        copy.nodes.putAll(nodes);
        copy.texts.putAll(texts);
        return copy;
    }

    /** Whether {@code absolutePath} exists, its symlinks followed inside the image (as a chrooted process sees it). */
    public boolean exists(String absolutePath) {
        return lstat(Destination.resolve(this, PathNames.absolute(absolutePath))).isPresent();
    }

    /** {@code absolutePath} with the image's symlinks followed inside it, missing components kept as names. */
    public String resolve(String absolutePath) {
        return Destination.resolve(this, PathNames.absolute(absolutePath));
    }

    @Override
    public Optional<Node> lstat(String absolutePath) {
        String p = PathNames.absolute(absolutePath);
        if (p.equals("/")) {
            return Optional.of(new Node(Node.Kind.DIRECTORY, 0755, 0, 0, ""));
        }
        return Optional.ofNullable(nodes.get(p));
    }

    /** The text of /etc/passwd or /etc/group as the layers leave it. */
    public Optional<String> text(String absolutePath) {
        return Optional.ofNullable(texts.get(PathNames.absolute(absolutePath)));
    }

    /** The users and groups of the image, for {@code --chown}. */
    public UserDatabase users() {
        return UserDatabase.parse(texts.get("/etc/passwd"), texts.get("/etc/group"));
    }

    /** Applies a layer blob (tar, plain or gzip/zstd/xz/bzip2 compressed). */
    public void applyLayer(Path blob) throws IOException {
        List<Change> changes = new ArrayList<>();
        TarEndStream raw = new TarEndStream(ArchiveReader.open(blob));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = raw.nextEntry(tar)) != null) {
                String path = PathNames.absolute(e.getName());
                if (path.equals("/")) {
                    continue;
                }
                String base = PathNames.base(path);
                String parent = PathNames.dir(path);
                if (base.equals(".wh..wh..opq")) {
                    changes.add(new Change(parent, null, null, true, null, null));
                    continue;
                }
                if (base.startsWith(".wh.")) {
                    changes.add(new Change(null, null, Destination.join(parent, base.substring(4)), false, null, null));
                    continue;
                }
                int mode = e.getMode() & 07777;
                long uid = e.getLongUserId();
                long gid = e.getLongGroupId();
                if (e.isLink()) {
                    changes.add(new Change(path, null, null, false, PathNames.absolute(e.getLinkName()), null));
                    continue;
                }
                Node.Kind kind = e.isDirectory() ? Node.Kind.DIRECTORY
                        : e.isSymbolicLink() ? Node.Kind.SYMLINK
                        : e.isFile() ? Node.Kind.FILE : Node.Kind.OTHER;
                String text = null;
                if (kind == Node.Kind.FILE && KEPT.contains(path) && e.getSize() <= MAX_KEPT) {
                    text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
                changes.add(new Change(path, new Node(kind, mode, uid, gid, kind == Node.Kind.SYMLINK ? e.getLinkName() : ""),
                        null, false, null, text));
            }
        }
        applyChanges(changes);
    }

    /** Applies the entries of a layer this build made. */
    public void apply(List<? extends LayerEntry> entries) throws IOException {
        List<Change> changes = new ArrayList<>();
        for (LayerEntry e : entries) {
            String path = PathNames.absolute(e.path());
            if (e instanceof LayerEntry.Whiteout) {
                changes.add(new Change(null, null, path, false, null, null));
                continue;
            }
            if (e instanceof LayerEntry.OpaqueWhiteout) {
                changes.add(new Change(path, null, null, true, null, null));
                continue;
            }
            if (e instanceof LayerEntry.Hardlink h) {
                changes.add(new Change(path, null, null, false, PathNames.absolute(h.target()), null));
                continue;
            }
            Node.Kind kind = e instanceof LayerEntry.Directory ? Node.Kind.DIRECTORY
                    : e instanceof LayerEntry.Symlink ? Node.Kind.SYMLINK
                    : e instanceof LayerEntry.RegularFile ? Node.Kind.FILE : Node.Kind.OTHER;
            String text = null;
            if (e instanceof LayerEntry.RegularFile f && KEPT.contains(path) && f.content().size() <= MAX_KEPT) {
                try (InputStream in = f.content().open()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            String link = e instanceof LayerEntry.Symlink s ? s.target() : "";
            changes.add(new Change(path, new Node(kind, e.attributes().mode(), e.attributes().uid(), e.attributes().gid(), link),
                    null, false, null, text));
        }
        applyChanges(changes);
    }

    /** Whiteouts act on the layers below, so they go first; then the entries, in order. */
    private void applyChanges(List<Change> changes) {
        for (Change c : changes) {
            if (c.whiteout() != null) {
                remove(c.whiteout(), true);
            } else if (c.opaque()) {
                remove(c.path(), false);
            }
        }
        for (Change c : changes) {
            if (c.whiteout() != null || c.opaque()) {
                continue;
            }
            Node node = c.node();
            String text = c.text();
            if (c.hardlinkTarget() != null) {
                node = nodes.get(c.hardlinkTarget());
                text = texts.get(c.hardlinkTarget());
                if (node == null) {
                    continue;
                }
            }
            addParents(c.path());
            Node old = nodes.get(c.path());
            if (old != null && old.kind() == Node.Kind.DIRECTORY && node.kind() != Node.Kind.DIRECTORY) {
                remove(c.path(), false);
            }
            nodes.put(c.path(), node);
            if (text != null) {
                texts.put(c.path(), text);
            } else {
                texts.remove(c.path());
            }
        }
    }

    private void addParents(String path) {
        for (String p = PathNames.dir(path); !p.equals("/"); p = PathNames.dir(p)) {
            if (nodes.containsKey(p)) {
                return;
            }
            nodes.put(p, new Node(Node.Kind.DIRECTORY, 0755, 0, 0, ""));
        }
    }

    private void remove(String path, boolean itself) {
        if (itself) {
            nodes.remove(path);
            texts.remove(path);
        }
        nodes.subMap(path + "/", true, path + "0", false).clear();
        texts.keySet().removeIf(k -> k.startsWith(path + "/"));
    }
}
