package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies single entries between trees keeping what a layer keeps: type, owner, mode (with
 * setuid/setgid/sticky), mtime, {@code user.*} xattrs, and hardlinks among the entries copied by
 * one instance. Device nodes are made in a batch by {@link #finish()}. Never follows symlinks.
 * Not thread-safe.
 */
public final class TreeCopy {
    private final Map<Object, Path> copiedInodes = new HashMap<>();
    private final DeviceNodes nodes = new DeviceNodes();

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

    /** Puts an overlay whiteout (a 0:0 character device) at {@code at}, made by {@link #finish()}. */
    public void whiteout(Path at) {
        nodes.add(at.toString(), DeviceNodes.Node.whiteout(at));
    }

    /** Creates the device nodes copied so far. */
    public void finish() throws IOException {
        nodes.create();
        nodes.clear();
    }

    /** Sets owner, mode, mtime and user xattrs of {@code to} from {@code from}'s attributes. */
    static void copyMetadata(Map<String, Object> attrs, Path from, Path to) throws IOException {
        boolean symlink = ((Integer) attrs.get("mode") & 0170000) == 0120000;
        Files.setAttribute(to, "unix:uid", attrs.get("uid"), SafeTree.NOFOLLOW);
        Files.setAttribute(to, "unix:gid", attrs.get("gid"), SafeTree.NOFOLLOW);
        if (!symlink) {
            Files.setAttribute(to, "unix:mode", (Integer) attrs.get("mode") & 07777, SafeTree.NOFOLLOW);
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
