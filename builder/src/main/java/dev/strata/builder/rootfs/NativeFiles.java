package dev.strata.builder.rootfs;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * The few system calls a layer extraction makes per file, called directly through JNA: a new
 * file is made with {@code open(O_CREAT|O_EXCL)} (which never follows a symlink) and gets its
 * owner, mode and times through its descriptor; a symlink or directory gets its times with one
 * {@code utimensat(AT_SYMLINK_NOFOLLOW)} and its owner with one {@code lchown}. The JDK spends an
 * lstat, an open, a futimens and a close on one no-follow {@code setTimes}, and a channel object
 * per file. Where native calls are not available, or one fails, the callers fall back to the
 * JDK's calls, whose exceptions say what went wrong as they always did.
 */
final class NativeFiles {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    // the same on x86-64 and arm64 (the only architectures this is used on)
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    private static final Charset PATHS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private NativeFiles() {}

    /** Direct-mapped libc (no reflection per call); registered on first use. */
    private static final class LibC {
        static final boolean LOADED = load();

        static native int open(byte[] path, int flags, int mode);

        static native long write(int fd, Pointer buffer, long count);

        static native int fchown(int fd, int uid, int gid);

        static native int fchmod(int fd, int mode);

        static native int futimens(int fd, long[] times);

        static native int close(int fd);

        static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

        static native int lchown(byte[] path, int uid, int gid);

        static native String strerror(int errno);

        static native int lsetxattr(byte[] path, String name, byte[] value, long size, int flags);

        private static boolean load() {
            // struct timespec as two longs and the open(2) flags above hold on 64-bit Linux x86 and arm
            if (!System.getProperty("os.name").equals("Linux") || !Set.of("amd64", "aarch64").contains(System.getProperty("os.arch"))) {
                return false;
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

    /** Whether native calls are available here. */
    static boolean available() {
        return LibC.LOADED;
    }

    /**
     * A new regular file at {@code path} with permission bits {@code mode} (less the umask), or
     * null if it could not be made this way (then the JDK's exclusive create says why, or makes it).
     */
    static NewFile create(Path path, int mode) {
        if (!LibC.LOADED) {
            return null;
        }
        int fd = LibC.open(bytes(path), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
        return fd < 0 ? null : new NewFile(path, fd);
    }

    /** A file made by {@link #create}, open for writing. Not thread-safe. */
    static final class NewFile implements Closeable {
        private final Path path;
        private int fd;

        private NewFile(Path path, int fd) {
            this.path = path;
            this.fd = fd;
        }

        /** Writes {@code length} bytes of {@code data} through {@code staging} (native memory at least that large). */
        void write(byte[] data, int length, Memory staging) throws IOException {
            staging.write(0, data, 0, length);
            for (long done = 0; done < length; ) {
                long n = LibC.write(fd, done == 0 ? staging : staging.share(done), length - done);
                if (n < 0) {
                    throw new IOException("cannot write " + path + ": " + LibC.strerror(Native.getLastError()));
                }
                done += n;
            }
        }

        /** fchown(2); false if refused (the caller then tries the JDK's way, which says why). */
        boolean chown(long uid, long gid) {
            return validId(uid) && validId(gid) && LibC.fchown(fd, (int) uid, (int) gid) == 0;
        }

        /** fchmod(2) with the full mode (setuid, setgid, sticky too); false if refused. */
        boolean chmod(int mode) {
            return LibC.fchmod(fd, mode & 07777) == 0;
        }

        /** futimens(2); false if refused. */
        boolean setTimes(FileTime mtime, FileTime atime) {
            return LibC.futimens(fd, timespecs(mtime, atime)) == 0;
        }

        @Override
        public void close() throws IOException {
            if (fd >= 0) {
                int closed = LibC.close(fd);
                fd = -1;
                if (closed != 0) {
                    throw new IOException("cannot close " + path + ": " + LibC.strerror(Native.getLastError()));
                }
            }
        }
    }

    /** Sets the modification and access times of {@code path}, a symlink itself rather than its target. */
    static void setTimes(Path path, FileTime mtime, FileTime atime) throws IOException {
        if (LibC.LOADED && LibC.utimensat(AT_FDCWD, bytes(path), timespecs(mtime, atime), AT_SYMLINK_NOFOLLOW) == 0) {
            return;
        }
        Files.getFileAttributeView(path, BasicFileAttributeView.class, SafeTree.NOFOLLOW).setTimes(mtime, atime, null);
    }

    /**
     * Gives {@code path} (a symlink itself) owner {@code uid} and group {@code gid} in one call;
     * false if that failed (the caller then asks the JDK, whose exception names the reason).
     */
    static boolean lchown(Path path, long uid, long gid) {
        return LibC.LOADED && validId(uid) && validId(gid) && LibC.lchown(bytes(path), (int) uid, (int) gid) == 0;
    }

    /** Sets {@code security.capability} of {@code path} (a regular file); false if refused or unavailable. */
    static boolean setCapability(Path path, byte[] value) {
        return LibC.LOADED && LibC.lsetxattr(bytes(path), FileCapability.NAME, value, value.length, 0) == 0;
    }

    private static boolean validId(long id) {
        return id >= 0 && id < 0xFFFFFFFFL; // -1 would mean "leave as it is"
    }

    /** struct timespec[2]: access time, then modification time. */
    private static long[] timespecs(FileTime mtime, FileTime atime) {
        Instant a = atime.toInstant();
        Instant m = mtime.toInstant();
        return new long[] {a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano()};
    }

    /** The path's bytes as the JDK gives them to the kernel, NUL-terminated. */
    private static byte[] bytes(Path path) {
        byte[] name = path.toString().getBytes(PATHS);
        return Arrays.copyOf(name, name.length + 1);
    }
}
