package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies single entries between trees keeping what a layer keeps: type, owner (where the process
 * may chown, see {@link Owners}), mode (with setuid/setgid/sticky), mtime, {@code user.*} xattrs,
 * and hardlinks among the entries copied by one instance. Device nodes are made in a batch by
 * {@link #finish()} (skipped where mknod is refused). Never follows symlinks. Not thread-safe.
 */
public final class TreeCopy {
    private final Map<Object, Path> copiedInodes = new HashMap<>();
    private final DeviceNodes nodes = new DeviceNodes();
    private final Owners owners = new Owners();
    private final Map<Path, Integer> lockedDirs = new LinkedHashMap<>();
    private final Consumer<String> warnings;

    /** A copy whose warnings (device nodes not made) are dropped. */
    public TreeCopy() {
        this(w -> {});
    }

    /** @param warnings told once about device nodes that could not be made */
    public TreeCopy(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Copies the entry {@code from} (not a directory's contents) to {@code to}, replacing a non-directory there. */
    public void copy(Path from, Path to) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(from, "unix:*", SafeTree.NOFOLLOW);
        int mode = (Integer) attrs.get("mode");
        int type = mode & 0170000;
        boolean directory = type == 0040000;
        if (!directory || !Files.isDirectory(to, SafeTree.NOFOLLOW)) {
            Trees.delete(to);
        }
        switch (type) {
            case 0040000 -> {
                if (!Files.isDirectory(to, SafeTree.NOFOLLOW)) {
                    Files.createDirectory(to);
                }
            }
            case 0120000 -> Files.createSymbolicLink(to, Files.readSymbolicLink(from));
            case 0100000 -> {
                Object inode = attrs.get("fileKey");
                Path earlier = (Integer) attrs.get("nlink") > 1 ? copiedInodes.get(inode) : null;
                if (earlier != null) {
                    Files.createLink(to, earlier);
                    return;
                }
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                copiedInodes.put(inode, to);
            }
            default -> {
                long rdev = (Long) attrs.get("rdev");
                char kind = type == 0020000 ? 'c' : type == 0060000 ? 'b' : 'p';
                nodes.add(to.toString(), new DeviceNodes.Node(to, kind, major(rdev), minor(rdev), mode & 07777,
                        ((Number) attrs.get("uid")).longValue(), ((Number) attrs.get("gid")).longValue(),
                        ((FileTime) attrs.get("lastModifiedTime")).toInstant().getEpochSecond()));
                return;
            }
        }
        copyMetadata(attrs, from, to);
    }

    /**
     * Puts an overlay whiteout at {@code at}: an empty file with {@code user.overlay.whiteout}, its
     * directory marked as holding whiteouts (no mknod, see {@link Xattrs#isWhiteout}). Nothing in
     * an opaque directory, where a whiteout has no purpose.
     */
    public void whiteout(Path at) throws IOException {
        Path dir = at.getParent();
        if (Xattrs.isOpaque(dir)) {
            return;
        }
        Trees.delete(at);
        Files.createFile(at);
        Xattrs.markWhiteout(at);
        Xattrs.markHoldsWhiteouts(dir);
    }

    /** Creates the device nodes copied so far and gives directories without owner access their mode. */
    public void finish() throws IOException {
        List<Map.Entry<Path, Integer>> dirs = new ArrayList<>(lockedDirs.entrySet());
        lockedDirs.clear();
        for (int i = dirs.size() - 1; i >= 0; i--) {
            if (Files.isDirectory(dirs.get(i).getKey(), SafeTree.NOFOLLOW)) {
                Files.setAttribute(dirs.get(i).getKey(), "unix:mode", dirs.get(i).getValue(), SafeTree.NOFOLLOW);
            }
        }
        DeviceNodes.Result made = nodes.create(!owners.refused());
        if (!made.skipped().isEmpty()) {
            warnings.accept(made.skipped().size() + " device node(s) not copied (mknod is not permitted here), e.g. "
                    + EntryPath.printable(made.skipped().get(0).path().getFileName().toString()));
        }
    }

    /** Sets owner, mode, mtime and user xattrs of {@code to} from {@code from}'s attributes. */
    void copyMetadata(Map<String, Object> attrs, Path from, Path to) throws IOException {
        boolean symlink = ((Integer) attrs.get("mode") & 0170000) == 0120000;
        owners.set(to, ((Number) attrs.get("uid")).longValue(), ((Number) attrs.get("gid")).longValue(),
                Files.readAttributes(to, "unix:uid,gid", SafeTree.NOFOLLOW));
        if (!symlink) {
            int mode = (Integer) attrs.get("mode") & 07777;
            if (((Integer) attrs.get("mode") & 0170000) == 0040000 && (mode & 0700) != 0700) {
                lockedDirs.put(to, mode); // a non-root builder could not fill it: its mode comes in finish()
                mode |= 0700;
            }
            Files.setAttribute(to, "unix:mode", mode, SafeTree.NOFOLLOW);
            for (Map.Entry<String, byte[]> xattr : Xattrs.userXattrs(from).entrySet()) {
                Xattrs.setUser(to, xattr.getKey(), xattr.getValue());
            }
        }
        Files.getFileAttributeView(to, BasicFileAttributeView.class, SafeTree.NOFOLLOW)
                .setTimes((FileTime) attrs.get("lastModifiedTime"), null, null);
    }

    static int major(long rdev) {
        return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
    }

    static int minor(long rdev) {
        return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
    }
}
