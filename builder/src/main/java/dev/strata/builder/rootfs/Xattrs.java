package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code user.*} extended attributes the JVM can reach, among them overlayfs' own markers
 * ({@code user.overlay.opaque} and {@code user.overlay.whiteout} with the {@code userxattr} mount
 * option). Whiteouts Strata writes are xattr whiteouts, never device nodes: mknod of a 0:0
 * character device is refused on overlayfs (a pod's root file system) and by some sandboxes.
 */
public final class Xattrs {
    /** The opaque-directory marker, without its {@code user.} prefix (the JVM adds it). */
    static final String OPAQUE = "overlay.opaque";
    /** The whiteout marker of an empty regular file (overlayfs 6.7+ reads it in lower directories). */
    static final String WHITEOUT = "overlay.whiteout";

    private Xattrs() {}

    /** Marks {@code dir} opaque for overlayfs: lower directories' contents are hidden below it. */
    public static void markOpaque(Path dir) throws IOException {
        view(dir).write(OPAQUE, ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether overlayfs marked {@code dir} (an upper or lower directory) opaque. */
    public static boolean isOpaque(Path dir) throws IOException {
        return opaqueValue(dir).equals("y");
    }

    /**
     * Marks {@code dir} as holding xattr whiteouts ({@code opaque=x}: overlayfs then checks its
     * empty files for {@link #WHITEOUT}); an opaque directory keeps its {@code y}.
     */
    static void markHoldsWhiteouts(Path dir) throws IOException {
        if (opaqueValue(dir).isEmpty()) {
            view(dir).write(OPAQUE, ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** Makes {@code file} (an empty regular file) an xattr whiteout. */
    static void markWhiteout(Path file) throws IOException {
        view(file).write(WHITEOUT, ByteBuffer.allocate(0));
    }

    /**
     * Whether {@code path} is an overlay whiteout in either form: a 0:0 character device (what the
     * kernel writes in an upper directory) or an empty regular file with {@link #WHITEOUT} (what
     * Strata writes: it needs no mknod).
     */
    public static boolean isWhiteout(Path path) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,rdev,size", LinkOption.NOFOLLOW_LINKS);
        int type = (Integer) unix.get("mode") & 0170000;
        if (type == 0020000) {
            return (Long) unix.get("rdev") == 0L;
        }
        if (type != 0100000 || (Long) unix.get("size") != 0L) {
            return false;
        }
        UserDefinedFileAttributeView view = view(path);
        return view != null && view.list().contains(WHITEOUT);
    }

    private static String opaqueValue(Path dir) throws IOException {
        UserDefinedFileAttributeView view = view(dir);
        if (view == null || !view.list().contains(OPAQUE)) {
            return "";
        }
        ByteBuffer buffer = ByteBuffer.allocate(view.size(OPAQUE));
        view.read(OPAQUE, buffer);
        buffer.flip();
        return StandardCharsets.US_ASCII.decode(buffer).toString();
    }

    /** The {@code user.*} xattrs of {@code path} (names with the prefix), overlay's own left out. */
    public static Map<String, byte[]> userXattrs(Path path) throws IOException {
        UserDefinedFileAttributeView view = view(path);
        if (view == null || Files.isSymbolicLink(path)) {
            return new LinkedHashMap<>();
        }
        return userXattrs(view);
    }

    /**
     * As {@link #userXattrs}, for a regular file a walk found (no symlink check), and none where
     * they cannot be listed: a build context on a file system without them (vfat, some network
     * and container file systems) is copied without, as BuildKit's context transfer does.
     */
    public static Map<String, byte[]> userXattrsOfFile(Path file) {
        try {
            UserDefinedFileAttributeView view = view(file);
            return view == null ? Map.of() : userXattrs(view);
        } catch (IOException | UnsupportedOperationException e) {
            return Map.of();
        }
    }

    private static Map<String, byte[]> userXattrs(UserDefinedFileAttributeView view) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (String name : view.list()) {
            if (name.startsWith("overlay.")) {
                continue;
            }
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
            view.read(name, buffer);
            result.put("user." + name, buffer.array());
        }
        return result;
    }

    /** Sets {@code user.}{@code name} (name given with its {@code user.} prefix). */
    static void setUser(Path path, String name, byte[] value) throws IOException {
        view(path).write(name.substring("user.".length()), ByteBuffer.wrap(value));
    }

    private static UserDefinedFileAttributeView view(Path path) {
        return Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
