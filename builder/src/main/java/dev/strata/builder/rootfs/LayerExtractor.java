package dev.strata.builder.rootfs;

import com.sun.jna.Memory;
import dev.strata.builder.tar.RawPaxTarInputStream;
import dev.strata.builder.tar.TarEndStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts one layer's tar stream into a directory that overlayfs can use as a lower directory:
 * OCI whiteouts become overlay xattr whiteouts ({@code .wh.name} an empty file {@code name} with
 * {@code user.overlay.whiteout}, its directory marked {@code user.overlay.opaque=x}; {@code
 * .wh..wh..opq} the {@code user.overlay.opaque=y} xattr on its directory), so extraction never
 * needs mknod for a whiteout (refused on overlayfs and without CAP_MKNOD). Nothing is written
 * outside the directory and no symlink is followed (see {@link SafeTree}); hardlinks must point at
 * an entry of the same layer. Owners (where the process may chown, see {@link Owners}), modes
 * (with setuid/setgid/sticky), mtimes (atimes as Docker sets them), device nodes (where mknod is
 * allowed), {@code user.*} xattrs and file capabilities (where permitted) are kept, xattr values
 * byte for byte. Not thread-safe: one instance per extraction.
 */
final class LayerExtractor {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String XATTR_SCHILY = "SCHILY.xattr.";
    private static final String XATTR_LIBARCHIVE = "LIBARCHIVE.xattr.";

    private record DirMeta(int mode, FileTime mtime, FileTime atime) {}

    /** Large enough that most files take one write(2). */
    private static final int BODY_BUFFER = 1 << 18;
    private static final Set<OpenOption> CREATE_FILE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final SafeTree tree;
    private final Consumer<String> warnings;
    private final DeviceNodes nodes = new DeviceNodes();
    private final Owners owners = new Owners();
    private final Map<String, DirMeta> dirs = new LinkedHashMap<>();
    private final Set<String> whiteouts = new LinkedHashSet<>();
    private final Set<String> opaque = new HashSet<>();
    private final byte[] body = new byte[BODY_BUFFER];
    /** Native memory the bodies are written from, when files are made through {@link NativeFiles}. */
    private final Memory staging;
    private RawPaxTarInputStream tarIn;
    private boolean warnedXattr;
    private boolean warnedCapability;

    /**
     * An extraction into {@code target}, an empty directory that is not setgid; {@code
     * nativeCalls} makes files through {@link NativeFiles} (where available), else through the JDK.
     */
    LayerExtractor(Path target, Consumer<String> warnings, boolean nativeCalls) throws IOException {
        this.tree = SafeTree.inEmpty(target);
        this.warnings = warnings;
        this.staging = nativeCalls && NativeFiles.available() ? new Memory(BODY_BUFFER) : null;
    }

    /** Reads every entry of {@code tar} (uncompressed) into the target directory. */
    void extract(InputStream tar) throws IOException {
        try {
            extractEntries(tar);
        } finally {
            if (staging != null) {
                staging.close();
            }
        }
    }

    private void extractEntries(InputStream tar) throws IOException {
        TarEndStream raw = new TarEndStream(tar);
        RawPaxTarInputStream in = new RawPaxTarInputStream(raw);
        tarIn = in;
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
            String rel = ordered.get(i).getKey();
            SafeTree.Dir dir = tree.directoryOrNull(rel);
            DirMeta meta = ordered.get(i).getValue();
            if (dir == null) {
                continue; // a later entry replaced it
            }
            Path path = tree.path(rel);
            if (dir.mode != meta.mode()) {
                Files.setAttribute(path, "unix:mode", meta.mode(), SafeTree.NOFOLLOW);
                dir.mode = meta.mode();
            }
            NativeFiles.setTimes(path, meta.mtime(), meta.atime());
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
        SafeTree.Node existing = tree.get(rel);
        if (existing instanceof SafeTree.Dir && !entry.isDirectory()) {
            forgetBelow(rel);
        }
        if (entry.isDirectory()) {
            SafeTree.Dir dir = existing instanceof SafeTree.Dir made ? made : null;
            if (dir == null) {
                tree.remove(rel);
                dir = tree.makeDirectory(rel);
            }
            if (wasWhiteout) {
                markOpaque(rel, path); // deleted from below, then made again: only this layer's content
            }
            if (owners.set(path, entry.getLongUserId(), entry.getLongGroupId(), dir.uid, dir.gid)) {
                dir.uid = entry.getLongUserId();
                dir.gid = entry.getLongGroupId();
            }
            // mode and times at the end: entries are written in it first (a non-root builder could
            // not write into a read-only one), and they change its mtime
            dirs.put(rel, new DirMeta(entry.getMode() & 07777, entry.getLastModifiedTime(), accessTime(entry)));
            setXattrs(path, entry);
            return;
        }
        if (rel.isEmpty()) {
            throw new UnsafeLayerException("entry \"" + EntryPath.printable(entry.getName()) + "\" is the root but not a directory");
        }
        tree.remove(rel);
        if (entry.isLink()) {
            hardlink(rel, path, entry);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            tree.made(rel, SafeTree.Leaf.SYMLINK);
            owners.set(path, entry.getLongUserId(), entry.getLongGroupId(), tree.createdUid(), tree.createdGid());
            NativeFiles.setTimes(path, entry.getLastModifiedTime(), accessTime(entry));
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            char type = entry.isFIFO() ? 'p' : entry.isCharacterDevice() ? 'c' : 'b';
            nodes.add(rel, new DeviceNodes.Node(path, type, entry.getDevMajor(), entry.getDevMinor(), entry.getMode() & 07777,
                    entry.getLongUserId(), entry.getLongGroupId(), entry.getLastModifiedTime().toInstant().getEpochSecond()));
        } else if (entry.isFile()) {
            writeFile(rel, path, entry, data);
        } else {
            warnings.accept("skipped tar entry \"" + EntryPath.printable(entry.getName()) + "\" of unsupported type");
        }
    }

    private void writeFile(String rel, Path path, TarArchiveEntry entry, InputStream data) throws IOException {
        int mode = entry.getMode() & 07777;
        long uid = entry.getLongUserId();
        long gid = entry.getLongGroupId();
        boolean otherOwner = uid != tree.createdUid() || gid != tree.createdGid();
        // chown clears setuid/setgid, so the mode comes after it (as do bits the umask took)
        boolean modeLeft = tree.createdMode(mode) != mode;
        NativeFiles.NewFile file = staging == null ? null : NativeFiles.create(path, mode);
        if (file == null) {
            try (FileChannel out = FileChannel.open(path, CREATE_FILE, tree.permissions(mode))) {
                tree.made(rel, SafeTree.Leaf.FILE);
                ByteBuffer buffer = ByteBuffer.wrap(body);
                for (int n; (n = data.readNBytes(body, 0, body.length)) > 0; ) {
                    buffer.clear().limit(n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
            }
            owners.set(path, uid, gid, tree.createdUid(), tree.createdGid());
            if (modeLeft) {
                Files.setAttribute(path, "unix:mode", mode, SafeTree.NOFOLLOW);
            }
            NativeFiles.setTimes(path, entry.getLastModifiedTime(), accessTime(entry));
        } else {
            try (file) {
                tree.made(rel, SafeTree.Leaf.FILE);
                for (int n; (n = data.readNBytes(body, 0, body.length)) > 0; ) {
                    file.write(body, n, staging);
                }
                if (otherOwner && !owners.refused() && !file.chown(uid, gid)) {
                    owners.set(path, uid, gid, tree.createdUid(), tree.createdGid()); // says why, or notes the refusal
                }
                if (modeLeft && !file.chmod(mode)) {
                    Files.setAttribute(path, "unix:mode", mode, SafeTree.NOFOLLOW);
                }
                if (!file.setTimes(entry.getLastModifiedTime(), accessTime(entry))) {
                    NativeFiles.setTimes(path, entry.getLastModifiedTime(), accessTime(entry));
                }
            }
        }
        setXattrs(path, entry);
    }

    /**
     * As Docker sets it: the entry's access time if it has a later one, else its mtime (so both
     * times are set in one call).
     */
    private static FileTime accessTime(TarArchiveEntry entry) {
        FileTime atime = entry.getLastAccessTime();
        FileTime mtime = entry.getLastModifiedTime();
        return atime != null && atime.compareTo(mtime) > 0 ? atime : mtime;
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
                tree.remove(parent);
                tree.makeDirectory(parent);
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
            throw new UnsafeLayerException("entry \"" + EntryPath.printable(rel) + "\" is not a valid whiteout");
        }
        Path hidden = dir.resolve(hiddenName);
        String hiddenRel = dirRel.isEmpty() ? hiddenName : dirRel + "/" + hiddenName;
        if (tree.get(hiddenRel) != null || nodes.isPending(hiddenRel)) {
            return; // an entry of this same layer wins over the whiteout (OCI image spec)
        }
        Files.createFile(hidden);
        tree.made(hiddenRel, SafeTree.Leaf.FILE);
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
            if (tree.directoryOrNull(parent) == null) {
                throw new UnsafeLayerException("whiteout \"" + EntryPath.printable(rel) + "\" lost its directory");
            }
            if (opaque.contains(parent)) {
                tree.remove(rel);
            } else if (marked.add(parent)) {
                Xattrs.markHoldsWhiteouts(tree.path(parent));
            }
        }
    }

    private void hardlink(String rel, Path path, TarArchiveEntry entry) throws IOException {
        String targetRel = EntryPath.clean(entry.getLinkName());
        if (nodes.isPending(targetRel)) {
            throw new UnsafeLayerException("entry \"" + EntryPath.printable(rel) + "\" is a hardlink to a device node, which is not supported");
        }
        if (targetRel.isEmpty()) {
            throw new UnsafeLayerException("entry \"" + EntryPath.printable(rel) + "\" is a hardlink to the root");
        }
        if (!(tree.get(targetRel) instanceof SafeTree.Leaf leaf) || whiteouts.contains(targetRel)) {
            throw new UnsafeLayerException("entry \"" + EntryPath.printable(rel) + "\" is a hardlink to \""
                    + EntryPath.printable(entry.getLinkName()) + "\", which is not an earlier file of the same layer");
        }
        Files.createLink(path, tree.path(targetRel));
        tree.made(rel, leaf);
    }

    private void setXattrs(Path path, TarArchiveEntry entry) throws IOException {
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            byte[] value;
            String name;
            if (key.startsWith(XATTR_SCHILY)) {
                name = key.substring(XATTR_SCHILY.length());
                value = tarIn.rawPaxValue(key).orElseGet(() -> header.getValue().getBytes(StandardCharsets.UTF_8));
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
            } else if (name.equals(FileCapability.NAME) && entry.isFile()) {
                setCapability(path, entry, value);
            } else if (!warnedXattr) {
                warnedXattr = true;
                warnings.accept("extended attribute " + EntryPath.printable(name) + " of \"" + EntryPath.printable(entry.getName())
                        + "\" not kept (only user.* attributes and file capabilities are supported)");
            }
        }
    }

    /**
     * Gives a file the capabilities its layer names, as Docker does, so that a RUN step (getcap, a
     * ping as a user) sees them; after the chown, which would drop them. Where that is not permitted
     * (a non-root builder) the file keeps none, with one warning.
     */
    private void setCapability(Path path, TarArchiveEntry entry, byte[] value) {
        Optional<byte[]> plain = FileCapability.forLayer(value, rootId -> rootId == 0);
        String reason = plain.isEmpty() ? "not a file capability value"
                : staging == null ? "no native calls here"
                : NativeFiles.setCapability(path, plain.get()) ? null
                : "setting it is not permitted here";
        if (reason != null && !warnedCapability) {
            warnedCapability = true;
            warnings.accept("file capabilities of \"" + EntryPath.printable(entry.getName()) + "\" not kept (" + reason + ")");
        }
    }
}
