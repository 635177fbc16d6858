package dev.strata.builder.exec;

import dev.strata.builder.rootfs.RootPath;
import dev.strata.builder.rootfs.Xattrs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps mount points out of the layer. Before a RUN it notes, for every mount destination, which
 * path components are missing from the root (the runtime will create them in the upper directory)
 * and the metadata of the existing parent directories (overlayfs copies them up to create a child).
 * After the RUN it removes from the upper directory what only the mounts put there: created mount
 * points and directories left empty, and copied-up parents that are empty and unchanged.
 *
 * <p>The step controlled the root it ran in: it may have moved a parent of a mount point away and
 * put a symlink (to a host directory, say) in its place. So after the step every path is looked up
 * component by component, and a path with a symlink or a non-directory above it is left alone (the
 * mount point moved with its parent and stays in the layer, as BuildKit leaves it). Nothing of the
 * step runs any more by then (its PID namespace ended with it), so the tree cannot change between
 * the check and the removal. Not thread-safe.
 */
final class MountPoints {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private record Parent(String rel, Object mode, Object uid, Object gid, Object mtime) {}

    private final List<List<String>> created = new ArrayList<>();
    private final List<Parent> parents = new ArrayList<>();

    /** Notes the state of {@code destinations} (container paths) in the mounted {@code rootfs}. */
    static MountPoints record(Path rootfs, List<String> destinations) throws IOException {
        MountPoints points = new MountPoints();
        for (String destination : destinations) {
            String rel = rootfs.relativize(RootPath.resolve(rootfs, destination)).toString();
            if (rel.isEmpty()) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            StringBuilder prefix = new StringBuilder();
            for (String part : rel.split("/")) {
                if (prefix.length() > 0) {
                    prefix.append('/');
                }
                prefix.append(part);
                String current = prefix.toString();
                if (!missing.isEmpty()) {
                    missing.add(current);
                    continue;
                }
                try {
                    Map<String, Object> unix = Files.readAttributes(rootfs.resolve(current), "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
                    if (!current.equals(rel)) {
                        points.parents.add(new Parent(current, unix.get("mode"), unix.get("uid"), unix.get("gid"),
                                unix.get("lastModifiedTime")));
                    }
                } catch (NoSuchFileException e) {
                    missing.add(current);
                }
            }
            points.created.add(missing);
        }
        return points;
    }

    /**
     * Removes the mount points and their traces from {@code upper} (after unmounting); with
     * {@code parentsToo=false} (a full copy of the root, not an upper directory) the created ones,
     * and the parents get their mtimes back, so a copy-and-compare diff does not see them as changed.
     */
    void clean(Path upper, boolean parentsToo) throws IOException {
        for (List<String> missing : created) {
            for (int i = missing.size() - 1; i >= 0; i--) {
                Path path = underRealDirectories(upper, missing.get(i));
                if (path != null && (Files.isRegularFile(path, NOFOLLOW) && Files.size(path) == 0 || isEmptyDir(path))) {
                    Files.delete(path);
                }
            }
        }
        for (int i = parentsToo ? -1 : parents.size() - 1; i >= 0; i--) {
            Path path = underRealDirectories(upper, parents.get(i).rel());
            if (path != null && Files.isDirectory(path, NOFOLLOW)) {
                Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes((java.nio.file.attribute.FileTime) parents.get(i).mtime(), null, null);
            }
        }
        for (int i = parentsToo ? parents.size() - 1 : -1; i >= 0; i--) {
            Parent parent = parents.get(i);
            Path path = underRealDirectories(upper, parent.rel());
            if (path != null && isEmptyDir(path) && !Xattrs.isOpaque(path)) {
                Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid", NOFOLLOW);
                if (unix.get("mode").equals(parent.mode()) && unix.get("uid").equals(parent.uid())
                        && unix.get("gid").equals(parent.gid())) {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * {@code root/rel} when every component above the last one is a directory, not a symlink, or
     * null (the last component itself is never followed: callers read it with NOFOLLOW).
     */
    static Path underRealDirectories(Path root, String rel) throws IOException {
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(current, BasicFileAttributes.class, NOFOLLOW);
            } catch (NoSuchFileException gone) {
                return null;
            }
            if (!attrs.isDirectory()) {
                return null;
            }
        }
        return current.resolve(parts[parts.length - 1]);
    }

    private static boolean isEmptyDir(Path path) throws IOException {
        if (!Files.isDirectory(path, NOFOLLOW)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            return !entries.iterator().hasNext();
        }
    }
}
