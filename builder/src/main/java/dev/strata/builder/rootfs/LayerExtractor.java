package dev.strata.builder.rootfs;

import dev.strata.builder.tar.TarEndStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts one layer's tar stream into a directory that overlayfs can use as a lower directory:
 * OCI whiteouts become overlay xattr whiteouts ({@code .wh.name} an empty file {@code name} with
 * {@code user.overlay.whiteout}, its directory marked {@code user.overlay.opaque=x}; {@code
 * .wh..wh..opq} the {@code user.overlay.opaque=y} xattr on its directory), so extraction never
 * needs mknod for a whiteout (refused on overlayfs and without CAP_MKNOD). Nothing is written
 * outside the directory and no symlink is followed (see {@link SafeTree}); hardlinks must point at
 * an entry of the same layer. Owners (where the process may chown, see {@link Owners}), modes
 * (with setuid/setgid/sticky), mtimes, device nodes (where mknod is allowed) and {@code user.*}
 * xattrs are kept. Not thread-safe: one instance per extraction.
 */
final class LayerExtractor {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String XATTR_SCHILY = "SCHILY.xattr.";
    private static final String XATTR_LIBARCHIVE = "LIBARCHIVE.xattr.";

    private record DirMeta(int mode, FileTime mtime) {}

    private final SafeTree tree;
    private final Consumer<String> warnings;
    private final DeviceNodes nodes = new DeviceNodes();
    private final Owners owners = new Owners();
    private final Map<String, DirMeta> dirs = new LinkedHashMap<>();
    private final Set<String> whiteouts = new LinkedHashSet<>();
    private final Set<String> opaque = new HashSet<>();
    private boolean warnedXattr;

    LayerExtractor(Path target, Consumer<String> warnings) {
        this.tree = new SafeTree(target);
        this.warnings = warnings;
    }

    /** Reads every entry of {@code tar} (uncompressed) into the target directory. */
    void extract(InputStream tar) throws IOException {
        TarEndStream raw = new TarEndStream(tar);
        TarArchiveInputStream in = new TarArchiveInputStream(raw, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = raw.nextEntry(in)) != null) {
            apply(entry, in);
        }
        DeviceNodes.Result made = nodes.create(!owners.refused());
        if (!made.skipped().isEmpty()) {
            warnings.accept(made.skipped().size() + " device node(s) of a base layer not created (mknod is not permitted here), e.g. /"
                    + EntryPath.printable(tree.root().relativize(made.skipped().get(0).path()).toString())
                    + ": RUN steps get their own /dev, and base layers are never written again");
        }
        finishWhiteouts();
        List<Map.Entry<String, DirMeta>> ordered = new ArrayList<>(dirs.entrySet());
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Path dir = tree.directoryOrNull(ordered.get(i).getKey());
            DirMeta meta = ordered.get(i).getValue();
            if (dir == null) {
                continue; // a later entry replaced it
            }
            Files.setAttribute(dir, "unix:mode", meta.mode(), SafeTree.NOFOLLOW);
            Files.setLastModifiedTime(dir, meta.mtime());
        }
        if (owners.refused() || made.ownersRefused()) {
            warnings.accept("layer files are owned by the builder's own user (chown is not permitted here);"
                    + " owners in the image come from the layers and the Dockerfile");
        }
    }

    private void apply(TarArchiveEntry entry, InputStream data) throws IOException {
        String rel = EntryPath.clean(entry.getName());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        reviveParents(rel);
        if (base.startsWith(WHITEOUT)) {
            whiteout(rel, base);
            return;
        }
        nodes.forget(rel);
        boolean wasWhiteout = whiteouts.remove(rel);
        Path path = tree.prepare(rel);
        BasicFileAttributes existing = SafeTree.attributesOrNull(path);
        if (existing != null && existing.isDirectory() && !entry.isDirectory()) {
            forgetBelow(rel);
        }
        if (entry.isDirectory()) {
            if (existing != null && !existing.isDirectory()) {
                Trees.delete(path);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(path);
            }
            if (wasWhiteout) {
                markOpaque(rel, path); // deleted from below, then made again: only this layer's content
            }
            setOwnerModeTime(path, entry, true);
            setXattrs(path, entry);
            return;
        }
        if (rel.isEmpty()) {
            throw new UnsafeLayerException("entry \"" + entry.getName() + "\" is the root but not a directory");
        }
        Trees.delete(path);
        if (entry.isLink()) {
            hardlink(rel, path, entry);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            setOwnerModeTime(path, entry, false);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            char type = entry.isFIFO() ? 'p' : entry.isCharacterDevice() ? 'c' : 'b';
            nodes.add(rel, new DeviceNodes.Node(path, type, entry.getDevMajor(), entry.getDevMinor(), entry.getMode() & 07777,
                    entry.getLongUserId(), entry.getLongGroupId(), entry.getLastModifiedTime().toInstant().getEpochSecond()));
        } else if (entry.isFile()) {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                data.transferTo(out);
            }
            setOwnerModeTime(path, entry, false);
            setXattrs(path, entry);
        } else {
            warnings.accept("skipped tar entry \"" + EntryPath.printable(entry.getName()) + "\" of unsupported type");
        }
    }

    /** Forgets what was planned below directory {@code rel}, which a later entry replaces. */
    private void forgetBelow(String rel) {
        String prefix = rel.isEmpty() ? "" : rel + "/";
        whiteouts.removeIf(w -> w.startsWith(prefix));
        opaque.removeIf(o -> o.startsWith(prefix));
        dirs.keySet().removeIf(d -> d.startsWith(prefix));
    }

    /** A whiteout of this layer that a later entry puts a child under becomes an opaque directory. */
    private void reviveParents(String rel) throws IOException {
        if (whiteouts.isEmpty()) {
            return;
        }
        for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
            String parent = rel.substring(0, slash);
            if (whiteouts.remove(parent)) {
                Path dir = tree.prepare(parent);
                Files.delete(dir);
                Files.createDirectory(dir);
                markOpaque(parent, dir);
            }
        }
    }

    private void whiteout(String rel, String base) throws IOException {
        Path marker = tree.prepare(rel);
        Path dir = marker.getParent();
        String dirRel = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        if (base.equals(OPAQUE)) {
            markOpaque(dirRel, dir);
            return;
        }
        String hiddenName = base.substring(WHITEOUT.length());
        if (hiddenName.isEmpty() || hiddenName.equals(".") || hiddenName.equals("..")) {
            throw new UnsafeLayerException("entry \"" + rel + "\" is not a valid whiteout");
        }
        Path hidden = dir.resolve(hiddenName);
        String hiddenRel = dirRel.isEmpty() ? hiddenName : dirRel + "/" + hiddenName;
        if (SafeTree.attributesOrNull(hidden) != null || nodes.isPending(hiddenRel)) {
            return; // an entry of this same layer wins over the whiteout (OCI image spec)
        }
        Files.createFile(hidden);
        Xattrs.markWhiteout(hidden);
        whiteouts.add(hiddenRel);
    }

    private void markOpaque(String rel, Path dir) throws IOException {
        Xattrs.markOpaque(dir);
        opaque.add(rel);
    }

    /**
     * Marks the directories holding xattr whiteouts; in an opaque directory they serve no purpose
     * (nothing below shows through) and overlayfs would not read them there, so they go.
     */
    private void finishWhiteouts() throws IOException {
        Set<String> marked = new HashSet<>();
        for (String rel : whiteouts) {
            int slash = rel.lastIndexOf('/');
            String parent = slash < 0 ? "" : rel.substring(0, slash);
            Path dir = tree.directoryOrNull(parent);
            if (dir == null) {
                throw new UnsafeLayerException("whiteout \"" + EntryPath.printable(rel) + "\" lost its directory");
            }
            if (opaque.contains(parent)) {
                Files.delete(dir.resolve(rel.substring(slash + 1)));
            } else if (marked.add(parent)) {
                Xattrs.markHoldsWhiteouts(dir);
            }
        }
    }

    private void hardlink(String rel, Path path, TarArchiveEntry entry) throws IOException {
        String targetRel = EntryPath.clean(entry.getLinkName());
        if (nodes.isPending(targetRel)) {
            throw new UnsafeLayerException("entry \"" + rel + "\" is a hardlink to a device node, which is not supported");
        }
        Path target = tree.root();
        String[] parts = targetRel.isEmpty() ? new String[0] : targetRel.split("/");
        for (int i = 0; i < parts.length; i++) {
            target = target.resolve(parts[i]);
            BasicFileAttributes attrs = SafeTree.attributesOrNull(target);
            boolean last = i == parts.length - 1;
            if (attrs == null || (!last && !attrs.isDirectory()) || (last && attrs.isDirectory())
                    || (last && whiteouts.contains(targetRel))) {
                throw new UnsafeLayerException("entry \"" + rel + "\" is a hardlink to \"" + entry.getLinkName()
                        + "\", which is not an earlier file of the same layer");
            }
        }
        if (parts.length == 0) {
            throw new UnsafeLayerException("entry \"" + rel + "\" is a hardlink to the root");
        }
        Files.createLink(path, target);
    }

    /**
     * Sets only what differs from what creation gave (one lstat is cheaper than the JVM's open +
     * fchmod). A directory gets its mode and mtime at the end: its entries are written first, and
     * a non-root builder could not write into a read-only one.
     */
    private void setOwnerModeTime(Path path, TarArchiveEntry entry, boolean directory) throws IOException {
        Map<String, Object> now = Files.readAttributes(path, "unix:mode,uid,gid", SafeTree.NOFOLLOW);
        owners.set(path, entry.getLongUserId(), entry.getLongGroupId(), now);
        int mode = entry.getMode() & 07777;
        FileTime mtime = entry.getLastModifiedTime();
        if (directory) {
            dirs.put(tree.root().relativize(path).toString(), new DirMeta(mode, mtime));
            return;
        }
        boolean chownClearedSetid = (mode & 06000) != 0;
        if (!entry.isSymbolicLink() && (((Integer) now.get("mode") & 07777) != mode || chownClearedSetid)) {
            Files.setAttribute(path, "unix:mode", mode, SafeTree.NOFOLLOW);
        }
        Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class, SafeTree.NOFOLLOW)
                .setTimes(mtime, null, null);
    }

    private void setXattrs(Path path, TarArchiveEntry entry) throws IOException {
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            byte[] value;
            String name;
            if (key.startsWith(XATTR_SCHILY)) {
                name = key.substring(XATTR_SCHILY.length());
                value = header.getValue().getBytes(StandardCharsets.UTF_8);
            } else if (key.startsWith(XATTR_LIBARCHIVE)) {
                name = key.substring(XATTR_LIBARCHIVE.length());
                value = Base64.getDecoder().decode(header.getValue());
            } else {
                continue;
            }
            if (name.startsWith("user.overlay.") || name.startsWith("trusted.overlay.")) {
                continue; // overlay's own markers come only from whiteouts, never from a layer's content
            }
            if (name.startsWith("user.")) {
                Xattrs.setUser(path, name, value);
            } else if (!warnedXattr) {
                warnedXattr = true;
                warnings.accept("extended attribute " + name + " of \"" + entry.getName()
                        + "\" not kept (only user.* attributes are supported)");
            }
        }
    }
}
