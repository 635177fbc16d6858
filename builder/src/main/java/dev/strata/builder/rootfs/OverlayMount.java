package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An overlayfs mount of extracted layers (top first), with an upper directory or read-only.
 * Mounted with {@code userxattr} (markers in {@code user.overlay.*}), which also keeps
 * {@code redirect_dir} and {@code metacopy} off, so an upper directory is always a plain diff.
 * Paths are passed relative to their common parent so long layer stacks fit the mount options.
 */
public final class OverlayMount implements AutoCloseable {
    /** Linux limits mount options to one page. */
    private static final int MAX_OPTIONS = 4000;
    /**
     * A writable mount's syncs are skipped (Linux 5.10+): a RUN's own fsync calls (dpkg makes one
     * per file it unpacks) and the sync of the whole upper file system when the step's root is
     * unmounted. What a step wrote is kept from its upper directory as a layer blob, which is
     * fsynced, and as that layer's extracted directory, which is then as durable as any other
     * extracted layer (never synced).
     */
    private static final String VOLATILE = ",volatile";
    /** Whether {@link #VOLATILE} mounts here: unknown until a writable mount tries it. */
    private static volatile Boolean volatileUpper;

    private final Path target;
    private boolean mounted;

    private OverlayMount(Path target) {
        this.target = target;
    }

    /**
     * Whether this kernel and process can mount overlayfs with {@code userxattr} and it honours
     * the xattr whiteouts Strata's lower directories hold (Linux 6.7+); tries it in {@code scratch}.
     */
    public static boolean available(Path scratch) {
        return available(scratch, true);
    }

    /**
     * As {@link #available(Path)}; {@code withUpper=false} tries a read-only mount, which also
     * works where the store is itself on overlayfs (it cannot hold an upper directory).
     */
    public static boolean available(Path scratch, boolean withUpper) {
        return available(scratch, withUpper, Mounter.HOST, p -> p);
    }

    /** Runs a mount command with the given working directory, in some mount namespace. */
    @FunctionalInterface
    public interface Mounter {
        /** This process's own mount namespace. */
        Mounter HOST = HostCommand::run;

        void run(List<String> argv, Path workingDir) throws IOException;
    }

    /**
     * As {@link #available(Path, boolean)}, mounting with {@code mounter} (in another mount
     * namespace) and looking at the result through {@code view} (how this process sees a path there).
     */
    public static boolean available(Path scratch, boolean withUpper, Mounter mounter, UnaryOperator<Path> view) {
        try {
            Path bottom = Files.createDirectories(scratch.resolve("b"));
            Path top = Files.createDirectories(scratch.resolve("l"));
            Path upper = Files.createDirectories(scratch.resolve("u"));
            Path work = Files.createDirectories(scratch.resolve("w"));
            Path merged = Files.createDirectories(scratch.resolve("m"));
            Files.writeString(bottom.resolve("gone"), "lower");
            Files.writeString(bottom.resolve("kept"), "lower");
            Files.createFile(top.resolve("gone"));
            Xattrs.markWhiteout(top.resolve("gone"));
            Xattrs.markHoldsWhiteouts(top);
            try (OverlayMount mount = withUpper ? mount(List.of(top, bottom), upper, work, merged, mounter)
                    : mount(List.of(top, bottom), null, null, merged, mounter)) {
                Path seen = view.apply(merged);
                return Files.exists(seen.resolve("kept"), LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(seen.resolve("gone"), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Mounts {@code lowers} (top first; at least one) at {@code target}; {@code upper} and {@code
     * work} (same file system, both empty at first) make it writable, null makes it read-only.
     */
    public static OverlayMount mount(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
        return mount(lowers, upper, work, target, Mounter.HOST);
    }

    /**
     * As {@link #mount(List, Path, Path, Path)}, with {@code mounter} running the mount command.
     * Where it runs in another mount namespace, {@link #close} here is a no-op: that mount ends
     * with its namespace.
     */
    public static OverlayMount mount(List<Path> lowers, Path upper, Path work, Path target, Mounter mounter)
            throws IOException {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("overlay needs at least one lower directory");
        }
        // A relative store root (--root build-store) must not mix relative and absolute paths below.
        lowers = distinct(lowers.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        upper = upper == null ? null : upper.toAbsolutePath().normalize();
        work = work == null ? null : work.toAbsolutePath().normalize();
        List<Path> all = new ArrayList<>(lowers);
        if (upper != null) {
            all.add(upper);
            all.add(work);
        }
        Path base = commonParent(all);
        StringBuilder options = new StringBuilder("lowerdir=");
        for (int i = 0; i < lowers.size(); i++) {
            options.append(i == 0 ? "" : ":").append(escape(base.relativize(lowers.get(i)).toString()));
        }
        if (upper != null) {
            options.append(",upperdir=").append(escape(base.relativize(upper).toString()))
                    .append(",workdir=").append(escape(base.relativize(work).toString()));
        }
        options.append(",userxattr");
        if (options.length() + VOLATILE.length() > MAX_OPTIONS) {
            throw new IOException("too many layers (" + lowers.size() + ") for one overlay mount");
        }
        String where = target.toAbsolutePath().toString();
        boolean tryVolatile = upper != null && volatileUpper != Boolean.FALSE;
        if (tryVolatile) {
            try {
                mounter.run(List.of("mount", "-t", "overlay", "overlay", "-o", options + VOLATILE, where), base);
                volatileUpper = true;
                return mounted(target, mounter);
            } catch (IOException refused) {
                // before Linux 5.10; or the mount fails for another reason, which the next attempt says
            }
        }
        mounter.run(List.of("mount", "-t", "overlay", "overlay", "-o", options.toString(), where), base);
        if (tryVolatile && volatileUpper == null) {
            volatileUpper = false;
        }
        return mounted(target, mounter);
    }

    private static OverlayMount mounted(Path target, Mounter mounter) {
        OverlayMount result = new OverlayMount(target);
        result.mounted = mounter == Mounter.HOST;
        return result;
    }

    /**
     * The lower directories without repeats, each kept at its topmost place. overlayfs refuses a
     * directory listed twice ("conflicting lowerdir path"), which happens when two steps give
     * byte-identical layers (one extracted directory per diff ID). Dropping the lower repeat
     * changes nothing in the merged view: whatever it holds, hides or makes opaque, the same
     * layer higher up already holds, hides or makes opaque over everything beneath it.
     */
    public static List<Path> distinct(List<Path> lowersTopFirst) {
        List<Path> result = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path lower : lowersTopFirst) {
            if (seen.add(lower.toAbsolutePath().normalize())) {
                result.add(lower);
            }
        }
        return result;
    }

    public Path target() {
        return target;
    }

    /** Unmounts; if the mount is busy, detaches it lazily so cleanup can go on. */
    @Override
    public void close() throws IOException {
        if (!mounted) {
            return;
        }
        mounted = false;
        unmount(target);
    }

    /** Whether writable mounts skip syncs here ({@link #VOLATILE}); empty until one was made. */
    static java.util.Optional<Boolean> volatileUpper() {
        return java.util.Optional.ofNullable(volatileUpper);
    }

    /** Unmounts whatever is mounted at {@code path}, lazily if it is busy. */
    public static void unmount(Path path) throws IOException {
        try {
            HostCommand.run(List.of("umount", path.toString()), null);
        } catch (IOException e) {
            HostCommand.run(List.of("umount", "-l", path.toString()), null);
        }
    }

    private static String escape(String path) {
        return path.replace("\\", "\\\\").replace(":", "\\:").replace(",", "\\,");
    }

    private static Path commonParent(List<Path> paths) {
        Path common = paths.get(0).toAbsolutePath().normalize().getParent();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            while (!absolute.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }
}
