package dev.strata.builder.exec;

import dev.strata.builder.rootfs.HostCommand;
import dev.strata.builder.rootfs.RootPath;
import dev.strata.builder.rootfs.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@code --isolation chroot} puts into a root for the length of a step, since it may not
 * mount anything: a minimal {@code /dev} (null, zero, full, random, urandom, tty; never a host
 * disk) and the step's {@code /etc/resolv.conf} and {@code /etc/hosts} in place of the root's
 * own. {@link #remove} takes them out again and puts back what they replaced (and the parent
 * directories' mtimes), so they never reach the layer. Paths are resolved inside the root; after
 * the step nothing is followed through a link the step made. Not thread-safe.
 */
final class ChrootPlants {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final List<Object[]> DEVICES = List.of(new Object[] {"null", 1, 3}, new Object[] {"zero", 1, 5},
            new Object[] {"full", 1, 7}, new Object[] {"random", 1, 8}, new Object[] {"urandom", 1, 9},
            new Object[] {"tty", 5, 0});

    /** A directory we changed: put its mtime back, or remove it when we made it. */
    private record Dir(Path path, Object key, FileTime mtime, boolean created) {}

    /** A file we put at {@code path}; {@code backup} holds what was there. */
    private record Planted(Path path, Path backup) {}

    private final List<Dir> dirs = new ArrayList<>();
    private final List<Planted> files = new ArrayList<>();
    private final List<Path> devices = new ArrayList<>();

    private ChrootPlants() {}

    /** Plants the devices and {@code networkFiles} (container path to host file) in {@code rootfs}; {@code backups} is a private directory. */
    static ChrootPlants plant(Path rootfs, Map<String, Path> networkFiles, Path backups, Consumer<String> output) throws IOException {
        ChrootPlants plants = new ChrootPlants();
        Path dev = plants.directory(rootfs, "/dev");
        if (dev != null) {
            for (Object[] d : DEVICES) {
                Path node = dev.resolve((String) d[0]);
                if (Files.exists(node, NOFOLLOW)) {
                    continue;
                }
                try {
                    HostCommand.run(List.of("mknod", "-m", "666", node.toString(), "c", d[1].toString(), d[2].toString()), null);
                    plants.devices.add(node);
                } catch (IOException e) {
                    output.accept("cannot create /dev/" + d[0] + " in the root (mknod needs CAP_MKNOD): the step runs without it");
                }
            }
        }
        int n = 0;
        for (Map.Entry<String, Path> file : networkFiles.entrySet()) {
            Path etc = plants.directory(rootfs, file.getKey().substring(0, file.getKey().lastIndexOf('/')));
            if (etc == null) {
                continue;
            }
            Path target = etc.resolve(file.getKey().substring(file.getKey().lastIndexOf('/') + 1));
            Path backup = null;
            if (Files.exists(target, NOFOLLOW)) {
                backup = backups.resolve("planted-" + n++);
                Files.move(target, backup);
            }
            plants.files.add(new Planted(target, backup));
            Files.copy(file.getValue(), target);
            Files.setAttribute(target, "unix:mode", 0644);
        }
        return plants;
    }

    /** The directory {@code path} resolved in the root, made (and later removed) when missing; null when something else is there. */
    private Path directory(Path rootfs, String path) throws IOException {
        Path dir = RootPath.resolve(rootfs, path);
        if (!Files.exists(dir, NOFOLLOW)) {
            if (!Files.isDirectory(dir.getParent(), NOFOLLOW)) {
                return null;
            }
            Files.createDirectory(dir);
            Files.setAttribute(dir, "unix:mode", 0755);
            remember(dir, true);
            return dir;
        }
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return null;
        }
        remember(dir, false);
        return dir;
    }

    private void remember(Path dir, boolean created) throws IOException {
        if (dirs.stream().noneMatch(d -> d.path().equals(dir))) {
            Map<String, Object> a = Files.readAttributes(dir, "unix:ino,lastModifiedTime", NOFOLLOW);
            dirs.add(new Dir(dir, a.get("ino"), (FileTime) a.get("lastModifiedTime"), created));
        }
    }

    /** Takes everything out again; a directory the step replaced (its inode changed) is left alone. */
    void remove() throws IOException {
        for (Dir dir : dirs) {
            boolean same = sameDir(dir);
            for (Path node : devices) {
                if (same && node.getParent().equals(dir.path()) && isOurDevice(node)) {
                    Files.delete(node);
                }
            }
            for (Planted file : files) {
                if (same && file.path().getParent().equals(dir.path())) {
                    if (Files.exists(file.path(), NOFOLLOW)) {
                        Trees.delete(file.path());
                    }
                    if (file.backup() != null) {
                        Files.move(file.backup(), file.path());
                    }
                }
            }
        }
        for (Dir dir : dirs) {
            if (!sameDir(dir)) {
                continue;
            }
            if (dir.created()) {
                try (var entries = Files.list(dir.path())) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(dir.path());
                        continue;
                    }
                }
            }
            Files.setLastModifiedTime(dir.path(), dir.mtime());
        }
    }

    private static boolean sameDir(Dir dir) throws IOException {
        return Files.isDirectory(dir.path(), NOFOLLOW)
                && Objects.equals(Files.getAttribute(dir.path(), "unix:ino", NOFOLLOW), dir.key());
    }

    private static boolean isOurDevice(Path node) throws IOException {
        if (!Files.exists(node, NOFOLLOW)) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(node, "unix:mode", NOFOLLOW);
        return (mode & 0170000) == 0020000;
    }
}
