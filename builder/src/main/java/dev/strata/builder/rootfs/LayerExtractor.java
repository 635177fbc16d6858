package dev.strata.builder.rootfs;

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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts one layer's tar stream into a directory that overlayfs can use as a lower directory:
 * OCI whiteouts become overlay whiteouts ({@code .wh.name} a 0:0 character device, {@code
 * .wh..wh..opq} the {@code user.overlay.opaque=y} xattr on its directory). Nothing is written
 * outside the directory and no symlink is followed (see {@link SafeTree}); hardlinks must point at
 * an entry of the same layer. Owners, modes (with setuid/setgid/sticky), mtimes, device nodes and
 * {@code user.*} xattrs are kept. Not thread-safe: one instance per extraction.
 */
final class LayerExtractor {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String XATTR_SCHILY = "SCHILY.xattr.";
    private static final String XATTR_LIBARCHIVE = "LIBARCHIVE.xattr.";

    private final SafeTree tree;
    private final Consumer<String> warnings;
    private final DeviceNodes nodes = new DeviceNodes();
    private final List<Map.Entry<Path, FileTime>> dirTimes = new ArrayList<>();
    private boolean warnedXattr;

    LayerExtractor(Path target, Consumer<String> warnings) {
        this.tree = new SafeTree(target);
        this.warnings = warnings;
    }

    /** Reads every entry of {@code tar} (uncompressed) into the target directory. */
    void extract(InputStream tar) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            apply(entry, in);
        }
        nodes.create();
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            Files.setLastModifiedTime(dirTimes.get(i).getKey(), dirTimes.get(i).getValue());
        }
    }

    private void apply(TarArchiveEntry entry, InputStream data) throws IOException {
        String rel = EntryPath.clean(entry.getName());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        if (base.startsWith(WHITEOUT)) {
            whiteout(rel, base);
            return;
        }
        nodes.forget(rel);
        Path path = tree.prepare(rel);
        BasicFileAttributes existing = SafeTree.attributesOrNull(path);
        if (entry.isDirectory()) {
            if (existing != null && !existing.isDirectory()) {
                Trees.delete(path);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(path);
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

    private void whiteout(String rel, String base) throws IOException {
        Path marker = tree.prepare(rel);
        Path dir = marker.getParent();
        if (base.equals(OPAQUE)) {
            Xattrs.markOpaque(dir);
            return;
        }
        String hiddenName = base.substring(WHITEOUT.length());
        if (hiddenName.isEmpty() || hiddenName.equals(".") || hiddenName.equals("..")) {
            throw new UnsafeLayerException("entry \"" + rel + "\" is not a valid whiteout");
        }
        Path hidden = dir.resolve(hiddenName);
        String hiddenRel = tree.root().relativize(hidden).toString();
        if (SafeTree.attributesOrNull(hidden) != null || nodes.isPending(hiddenRel)) {
            return; // an entry of this same layer wins over the whiteout (OCI image spec)
        }
        nodes.add(hiddenRel, DeviceNodes.Node.whiteout(hidden));
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
            if (attrs == null || (!last && !attrs.isDirectory()) || (last && attrs.isDirectory())) {
                throw new UnsafeLayerException("entry \"" + rel + "\" is a hardlink to \"" + entry.getLinkName()
                        + "\", which is not an earlier file of the same layer");
            }
        }
        if (parts.length == 0) {
            throw new UnsafeLayerException("entry \"" + rel + "\" is a hardlink to the root");
        }
        Files.createLink(path, target);
    }

    /** Sets only what differs from what creation gave (one lstat is cheaper than the JVM's open + fchmod). */
    private void setOwnerModeTime(Path path, TarArchiveEntry entry, boolean directory) throws IOException {
        Map<String, Object> now = Files.readAttributes(path, "unix:mode,uid,gid", SafeTree.NOFOLLOW);
        int uid = (int) entry.getLongUserId();
        int gid = (int) entry.getLongGroupId();
        if ((Integer) now.get("uid") != uid) {
            Files.setAttribute(path, "unix:uid", uid, SafeTree.NOFOLLOW);
        }
        if ((Integer) now.get("gid") != gid) {
            Files.setAttribute(path, "unix:gid", gid, SafeTree.NOFOLLOW);
        }
        int mode = entry.getMode() & 07777;
        boolean chownClearedSetid = (mode & 06000) != 0;
        if (!entry.isSymbolicLink() && (((Integer) now.get("mode") & 07777) != mode || chownClearedSetid)) {
            Files.setAttribute(path, "unix:mode", mode, SafeTree.NOFOLLOW);
        }
        FileTime mtime = entry.getLastModifiedTime();
        if (directory) {
            dirTimes.add(Map.entry(path, mtime));
        } else {
            Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class, SafeTree.NOFOLLOW)
                    .setTimes(mtime, null, null);
        }
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
