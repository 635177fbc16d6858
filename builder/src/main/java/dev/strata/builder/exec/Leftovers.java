package dev.strata.builder.exec;

import dev.strata.builder.rootfs.HostCommand;
import dev.strata.builder.rootfs.OverlayMount;
import dev.strata.builder.rootfs.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a build killed with SIGKILL leaves behind (no shutdown hook ran): running containers, overlay
 * mounts, and private directories in {@code /dev/shm} holding secrets (a bundle's
 * {@code config.json} with {@code env=} secrets, secret files). The caller decides a build is dead
 * (its lease is free); this class removes what it left. Every private directory records the
 * directory it belongs to in an {@code owner} file, so one whose owner is gone can be found later.
 */
public final class Leftovers {
    /** The marker file in each private directory: the absolute path of the step directory it belongs to. */
    static final String OWNER = "owner";
    private static final Path SHM = Path.of("/dev/shm");
    private static final List<String> PRIVATE_PREFIXES = List.of("strata-bundle-", "strata-secrets-", "strata-ssh-");

    private Leftovers() {}

    /**
     * Removes a dead build's temp directory {@code dir} (what {@link ExecOptions#tempDir} named):
     * kills and deletes its containers, unmounts everything mounted below it (deepest first), deletes
     * its private directories in {@code /dev/shm} and then the directory itself, unless a mount below
     * it could not be undone (then nothing is deleted through it). Returns what could not be done.
     */
    public static List<String> clean(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        // /proc/self/mounts shows resolved paths: a store reached through a symlink must still match
        Path absolute = dir.toRealPath();
        List<String> problems = new ArrayList<>();
        killContainers(absolute.resolve("runtime-state"), problems);
        for (Path mount : mountsBelow(absolute)) {
            try {
                OverlayMount.unmount(mount);
            } catch (IOException e) {
                problems.add("cannot unmount " + mount + ": " + e.getMessage());
            }
        }
        removePrivateDirs(owner -> owner.startsWith(absolute));
        if (mountsBelow(absolute).isEmpty()) {
            Trees.delete(absolute);
        } else {
            problems.add(absolute + " still has mounts below it: left in place");
        }
        return problems;
    }

    /**
     * Deletes the private directories in {@code /dev/shm} whose owner directory no longer exists
     * (their build died and its directory was cleaned, or the store was deleted).
     */
    public static void removeOrphanedPrivateDirs() throws IOException {
        removePrivateDirs(owner -> !Files.exists(owner, LinkOption.NOFOLLOW_LINKS));
    }

    /** Writes the owner marker of a new private directory. */
    static void markOwner(Path privateDir, Path owner) throws IOException {
        Files.writeString(privateDir.resolve(OWNER), owner.toRealPath().toString(), StandardCharsets.UTF_8);
    }

    /** The mount points at or below {@code dir}, deepest first. */
    static List<Path> mountsBelow(Path dir) throws IOException {
        String prefix = dir.toString() + "/";
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 1) {
                String point = unescape(fields[1]);
                if (point.startsWith(prefix) || point.equals(dir.toString())) {
                    found.add(Path.of(point));
                }
            }
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    private static void killContainers(Path state, List<String> problems) throws IOException {
        if (!Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> runtimes = Runtimes.candidates(Optional.empty());
        try (Stream<Path> ids = Files.list(state)) {
            for (Path container : ids.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String id = container.getFileName().toString();
                boolean gone = false;
                for (Path runtime : runtimes) {
                    try {
                        HostCommand.run(List.of(runtime.toString(), "--root", state.toString(), "kill", id, "KILL"), null);
                    } catch (IOException notRunning) {
                        // stopped already, or another runtime's container: delete decides
                    }
                    try {
                        HostCommand.run(List.of(runtime.toString(), "--root", state.toString(), "delete", "--force", id), null);
                        gone = true;
                        break;
                    } catch (IOException e) {
                        // try the next runtime
                    }
                }
                if (!gone && Files.exists(container, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add("cannot delete the leftover container " + id + " (runtime state " + state + ")");
                }
            }
        }
    }

    private interface OwnerTest {
        boolean stale(Path owner);
    }

    private static void removePrivateDirs(OwnerTest test) throws IOException {
        if (!Files.isDirectory(SHM)) {
            return;
        }
        int me = myUid();
        try (Stream<Path> entries = Files.list(SHM)) {
            for (Path dir : entries.toList()) {
                String name = dir.getFileName().toString();
                if (PRIVATE_PREFIXES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                // /dev/shm is shared: only our own real directories, never through a link
                PosixFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException vanished) {
                    continue;
                }
                try {
                    if (!attrs.isDirectory() || ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue() != me) {
                        continue;
                    }
                    Path marker = dir.resolve(OWNER);
                    if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                        continue; // being created (the marker follows at once), or not ours to judge
                    }
                    String owner = Files.readString(marker, StandardCharsets.UTF_8).strip();
                    if (owner.startsWith("/") && test.stale(Path.of(owner))) {
                        Trees.delete(dir);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // its build removed it (or another build's clean-up did) while this one looked
                }
            }
        }
    }

    private static int myUid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    }

    /** /proc/self/mounts writes space, tab, newline and backslash in paths as octal escapes. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
