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
 * ({@code user.overlay.opaque} with the {@code userxattr} mount option).
 */
public final class Xattrs {
    /** The opaque-directory marker, without its {@code user.} prefix (the JVM adds it). */
    static final String OPAQUE = "overlay.opaque";

    private Xattrs() {}

    /** Marks {@code dir} opaque for overlayfs: lower directories' contents are hidden below it. */
    public static void markOpaque(Path dir) throws IOException {
        view(dir).write(OPAQUE, ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether overlayfs marked {@code dir} (an upper or lower directory) opaque. */
    public static boolean isOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = view(dir);
        if (view == null || !view.list().contains(OPAQUE)) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.allocate(view.size(OPAQUE));
        view.read(OPAQUE, buffer);
        buffer.flip();
        return StandardCharsets.US_ASCII.decode(buffer).toString().equals("y");
    }

    /** The {@code user.*} xattrs of {@code path} (names with the prefix), overlay's own left out. */
    public static Map<String, byte[]> userXattrs(Path path) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        UserDefinedFileAttributeView view = view(path);
        if (view == null || Files.isSymbolicLink(path)) {
            return result;
        }
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
