package dev.strata.builder.rootfs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * A file's capabilities: its {@code security.capability} extended attribute (what {@code setcap}
 * writes), which a RUN step's layer keeps as Docker's does ({@code SCHILY.xattr.security.capability}).
 * The JDK reaches only {@code user.*} attributes, so it is read with {@code lgetxattr(2)} through
 * JNA. A step in a user namespace whose root is not the machine's root leaves a namespaced (v3)
 * value naming its root's id; the layer gets the plain (v2) value, which means the same for the
 * image's root.
 */
public final class FileCapability {
    /** The attribute's name, as the layer's {@code SCHILY.xattr.} record names it. */
    public static final String NAME = "security.capability";
    private static final int REVISION_MASK = 0xFF000000;
    private static final int REVISION_2 = 0x02000000;
    private static final int REVISION_3 = 0x03000000;
    private static final int SIZE_2 = 20;
    private static final int SIZE_3 = 24;

    private FileCapability() {}

    /** lgetxattr(2); -1 on any failure (ENODATA: none; errno is not read, so no exception per file). */
    private interface LibC extends Library {
        NativeLong lgetxattr(byte[] path, String name, byte[] value, NativeLong size);
    }

    private static final class Loaded {
        static final Optional<LibC> LIBC = load();

        private static Optional<LibC> load() {
            if (System.getProperty("jna.tmpdir") == null) {
                // JNA unpacks its stub for a moment, as zstd-jni does: into the JVM's temp directory, not ~/.cache
                System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
            }
            try {
                return Optional.of(Native.load("c", LibC.class));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return Optional.empty(); // no native access here: capabilities are not kept, as before
            }
        }
    }

    /**
     * The capability attribute of {@code path} (not followed if a symlink) as a layer keeps it, or
     * empty when it has none, the file system has no such attributes, or native calls are not
     * available. {@code isStepRoot} says whether a host uid is the step's root (the id a
     * namespaced value names).
     */
    public static Optional<byte[]> read(Path path, LongPredicate isStepRoot) {
        Optional<LibC> libc = Loaded.LIBC;
        if (libc.isEmpty()) {
            return Optional.empty();
        }
        byte[] buffer = new byte[64];
        int size = libc.get().lgetxattr(nativePath(path), NAME, buffer, new NativeLong(buffer.length)).intValue();
        return size <= 0 ? Optional.empty() : forLayer(Arrays.copyOf(buffer, size), isStepRoot);
    }

    /**
     * {@code raw} as the layer keeps it: a v2 value as it is, a v3 value whose root id is the
     * step's root as v2, anything else (a v3 for another root, a damaged value) left out.
     */
    static Optional<byte[]> forLayer(byte[] raw, LongPredicate isStepRoot) {
        if (raw.length < 4) {
            return Optional.empty();
        }
        int magic = littleEndian(raw, 0);
        if ((magic & REVISION_MASK) == REVISION_2 && raw.length == SIZE_2) {
            return Optional.of(raw);
        }
        if ((magic & REVISION_MASK) == REVISION_3 && raw.length == SIZE_3
                && isStepRoot.test(Integer.toUnsignedLong(littleEndian(raw, SIZE_2)))) {
            byte[] v2 = Arrays.copyOf(raw, SIZE_2);
            int flags = magic & ~REVISION_MASK;
            putLittleEndian(v2, 0, REVISION_2 | flags);
            return Optional.of(v2);
        }
        return Optional.empty();
    }

    /** The path's bytes as the JDK gives them to the kernel, NUL-terminated. */
    private static byte[] nativePath(Path path) {
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        byte[] name = path.toString().getBytes(java.nio.charset.Charset.forName(encoding));
        return Arrays.copyOf(name, name.length + 1);
    }

    private static int littleEndian(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static void putLittleEndian(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
