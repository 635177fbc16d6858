package dev.strata.builder.exec;

import dev.strata.builder.fs.UnixStat;
import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.rootfs.FileCapability;
import dev.strata.builder.rootfs.Xattrs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a diff directory in overlay form (a RUN's upper directory, or the snapshot's diff) into
 * layer entries: whiteouts (0:0 character devices made by the kernel, or empty files with {@code
 * user.overlay.whiteout}, see {@link Xattrs#isWhiteout}) become {@link LayerEntry.Whiteout}s,
 * never device nodes on disk; opaque directories also get an {@link
 * LayerEntry.OpaqueWhiteout}, files sharing an inode become hardlinks. Only the diff directory is
 * walked, so the cost follows the size of the change, not of the root filesystem. Directories
 * that overlayfs copied up to hold a change are emitted too, as Docker does.
 */
public final class UpperDiff {

    private UpperDiff() {}

    /** The entries of {@code diffDir}; regular files' content is read from there when the layer is written. */
    public static List<LayerEntry> capture(Path diffDir) throws IOException {
        return capture(diffDir, a -> a);
    }

    /** As {@link #capture(Path)}, with each entry's owner as {@code owners} says the step saw it. */
    static List<LayerEntry> capture(Path diffDir, UnaryOperator<EntryAttributes> owners) throws IOException {
        List<LayerEntry> entries = new ArrayList<>();
        Map<Object, String> inodes = new HashMap<>();
        Files.walkFileTree(diffDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(diffDir)) {
                    return FileVisitResult.CONTINUE;
                }
                String path = diffDir.relativize(dir).toString();
                entries.add(new LayerEntry.Directory(path, owners.apply(attributes(dir, UnixStat.of(dir), true))));
                if (Xattrs.isOpaque(dir)) {
                    entries.add(new LayerEntry.OpaqueWhiteout(path));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                entries.add(entry(diffDir.relativize(file).toString(), file, inodes, owners));
                return FileVisitResult.CONTINUE;
            }
        });
        return entries.stream().filter(e -> e != null).toList();
    }

    private static LayerEntry entry(String path, Path file, Map<Object, String> inodes,
            UnaryOperator<EntryAttributes> owners) throws IOException {
        UnixStat unix = UnixStat.of(file);
        int type = unix.type();
        long rdev = unix.rdev();
        switch (type) {
            case 0120000:
                return new LayerEntry.Symlink(path, owners.apply(attributes(file, unix, false)), Files.readSymbolicLink(file).toString());
            case 0100000:
                if (Xattrs.isWhiteout(file)) {
                    return new LayerEntry.Whiteout(path);
                }
                if (unix.links() > 1) {
                    Object key = List.of(unix.device(), unix.inode());
                    String first = inodes.putIfAbsent(key, path);
                    if (first != null) {
                        return new LayerEntry.Hardlink(path, owners.apply(attributes(file, unix, false)), first);
                    }
                }
                return new LayerEntry.RegularFile(path, owners.apply(withCapability(file, attributes(file, unix, true), owners)),
                        Content.ofFile(file));
            case 0020000:
                if (rdev == 0) {
                    return new LayerEntry.Whiteout(path);
                }
                return new LayerEntry.CharDevice(path, owners.apply(attributes(file, unix, false)), major(rdev), minor(rdev));
            case 0060000:
                return new LayerEntry.BlockDevice(path, owners.apply(attributes(file, unix, false)), major(rdev), minor(rdev));
            case 0010000:
                return new LayerEntry.Fifo(path, owners.apply(attributes(file, unix, false)));
            default:
                return null; // sockets do not go into layers
        }
    }

    private static EntryAttributes attributes(Path path, UnixStat unix, boolean xattrs) throws IOException {
        EntryAttributes attributes = EntryAttributes.of(unix.mode() & 07777, unix.uid(), unix.gid(), unix.mtime().toInstant());
        return xattrs ? attributes.withXattrs(Xattrs.userXattrs(path)) : attributes;
    }

    /** Adds the file's capabilities ({@code setcap}) to its xattrs, as the step's root set them. */
    private static EntryAttributes withCapability(Path file, EntryAttributes attributes, UnaryOperator<EntryAttributes> owners) {
        Optional<byte[]> capability = FileCapability.read(file,
                hostUid -> owners.apply(EntryAttributes.of(0, hostUid, 0, Instant.EPOCH)).uid() == 0);
        if (capability.isEmpty()) {
            return attributes;
        }
        Map<String, byte[]> xattrs = new HashMap<>(attributes.xattrs() == null ? Map.of() : attributes.xattrs());
        xattrs.put(FileCapability.NAME, capability.get());
        return attributes.withXattrs(xattrs);
    }

    static int major(long rdev) {
        return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
    }

    static int minor(long rdev) {
        return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
    }
}
