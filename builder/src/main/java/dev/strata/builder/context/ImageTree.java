package dev.strata.builder.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * The file system of the image a COPY writes into, as far as COPY needs it: whether the
 * destination and its parents exist, are directories or symlinks, and their metadata (kept as
 * they are when the layer repeats them). The engine provides it: {@link #empty()} for
 * {@code FROM scratch} and {@code --link}, {@link #ofDirectory} for a materialised root.
 */
public interface ImageTree {

    /** What lies at a path, without following a final symlink. */
    record Node(Kind kind, int mode, long uid, long gid, String linkTarget) {
        public enum Kind { DIRECTORY, FILE, SYMLINK, OTHER }
    }

    /** lstat of a clean absolute path ({@code /usr/bin}); empty when nothing is there. */
    Optional<Node> lstat(String absolutePath);

    static ImageTree empty() {
        return path -> Optional.empty();
    }

    /** A root filesystem materialised in a host directory (nothing outside it is read). */
    static ImageTree ofDirectory(Path rootfs) {
        Path root = rootfs.toAbsolutePath().normalize();
        return path -> {
            String rel = path.replaceFirst("^/+", "");
            Path p = rel.isEmpty() ? root : root.resolve(rel);
            try {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Map<String, Object> u = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                Node.Kind kind = a.isDirectory() ? Node.Kind.DIRECTORY
                        : a.isSymbolicLink() ? Node.Kind.SYMLINK
                        : a.isRegularFile() ? Node.Kind.FILE : Node.Kind.OTHER;
                String target = kind == Node.Kind.SYMLINK ? Files.readSymbolicLink(p).toString() : "";
                return Optional.of(new Node(kind, ((Integer) u.get("mode")) & 07777, ((Integer) u.get("uid")).longValue(),
                        ((Integer) u.get("gid")).longValue(), target));
            } catch (IOException e) {
                return Optional.empty();
            }
        };
    }
}
