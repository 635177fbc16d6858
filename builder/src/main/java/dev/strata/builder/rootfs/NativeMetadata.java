package dev.strata.builder.rootfs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;

/**
 * Sets an entry's times and owner with one system call each, never following a symlink:
 * {@code utimensat(AT_SYMLINK_NOFOLLOW)} and {@code lchown}, through JNA. The JDK's no-follow
 * {@code setTimes} costs an lstat, an open, a futimens and a close per file, and its owner
 * attributes one lchown per id; for a layer of thousands of files that was a third of its system
 * calls. Where native calls are not available (or one fails) the JDK's calls do it, so errors read
 * as they always did.
 */
final class NativeMetadata {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final Charset PATHS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private NativeMetadata() {}

    /** Direct-mapped libc (no per-call reflection); loaded on first use. */
    private static final class LibC {
        static final boolean LOADED = load();

        static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

        static native int lchown(byte[] path, int uid, int gid);

        private static boolean load() {
            if (Native.LONG_SIZE != 8 || !System.getProperty("os.name").equals("Linux")) {
                return false; // struct timespec as two longs holds on 64-bit Linux only
            }
            if (System.getProperty("jna.tmpdir") == null) {
                // as FileCapability: JNA's stub unpacks into the JVM's temp directory, not ~/.cache
                System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
            }
            try {
                Native.register(LibC.class, NativeLibrary.getInstance("c"));
                return true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return false;
            }
        }
    }

    /** Sets the modification and access times of {@code path}, a symlink itself rather than its target. */
    static void setTimes(Path path, FileTime mtime, FileTime atime) throws IOException {
        if (LibC.LOADED) {
            Instant a = atime.toInstant();
            Instant m = mtime.toInstant();
            long[] times = {a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano()}; // struct timespec[2]
            if (LibC.utimensat(AT_FDCWD, bytes(path), times, AT_SYMLINK_NOFOLLOW) == 0) {
                return;
            }
        }
        Files.getFileAttributeView(path, BasicFileAttributeView.class, SafeTree.NOFOLLOW).setTimes(mtime, atime, null);
    }

    /**
     * Gives {@code path} (a symlink itself) owner {@code uid} and group {@code gid} in one call;
     * false if that failed (the caller then asks the JDK, whose exception names the reason).
     */
    static boolean lchown(Path path, long uid, long gid) {
        return LibC.LOADED && uid >= 0 && uid <= 0xFFFFFFFEL && gid >= 0 && gid <= 0xFFFFFFFEL
                && LibC.lchown(bytes(path), (int) uid, (int) gid) == 0;
    }

    /** The path's bytes as the JDK gives them to the kernel, NUL-terminated. */
    private static byte[] bytes(Path path) {
        byte[] name = path.toString().getBytes(PATHS);
        return Arrays.copyOf(name, name.length + 1);
    }
}
