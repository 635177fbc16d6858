package dev.strata.builder.export;

import dev.strata.builder.rootfs.EntryPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Writes the entries of a {@link FlatFilesystem} into a fresh private directory without ever
 * following a symlink: every parent must be a real directory below the root (missing ones are made),
 * files are created new (never opened through a link), hard links must name a regular file of the
 * tree. Owners are set as far as the builder may (root can, another user keeps its own after the
 * first refusal), modes with setuid/setgid/sticky, mtimes; directories get their modes at the end so
 * a read-only one can still be filled. Device nodes and FIFOs are counted, not made (the JVM
 * cannot mknod), and extended attributes are not kept. Not thread-safe.
 */
final class DirectoryWriter implements FlatFilesystem.Sink {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private record DirMeta(String rel, int mode, FileTime mtime) {}

    private final Path root;
    private final List<DirMeta> dirs = new ArrayList<>();
    private boolean ownersRefused;
    private int skippedSpecial;

    DirectoryWriter(Path root) {
        this.root = root;
    }

    @Override
    public void entry(TarArchiveEntry header, Map<String, byte[]> xattrs, InputStream content) throws IOException {
        String rel = EntryPath.clean(header.getName());
        if (rel.isEmpty()) {
            return;
        }
        Path path = prepare(rel);
        BasicFileAttributes existing = attributesOrNull(path);
        if (header.isDirectory()) {
            if (existing == null) {
                Files.createDirectory(path);
            } else if (!existing.isDirectory()) {
                throw new IOException("\"" + EntryPath.printable(rel) + "\" is written twice");
            }
            own(path, header);
            dirs.add(new DirMeta(rel, header.getMode() & 07777, header.getLastModifiedTime()));
            return;
        }
        if (existing != null) {
            throw new IOException("\"" + EntryPath.printable(rel) + "\" is written twice");
        }
        if (header.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(header.getLinkName()));
            own(path, header);
            times(path, header.getLastModifiedTime());
        } else if (header.isLink()) {
            Path target = root.resolve(EntryPath.clean(header.getLinkName()));
            prepare(EntryPath.clean(header.getLinkName()));
            BasicFileAttributes t = attributesOrNull(target);
            if (t == null || !t.isRegularFile()) {
                throw new IOException("hard link \"" + EntryPath.printable(rel) + "\" names no file of the image");
            }
            Files.createLink(path, target);
        } else if (header.isCharacterDevice() || header.isBlockDevice() || header.isFIFO()) {
            skippedSpecial++;
        } else {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                if (content != null) {
                    content.transferTo(out);
                }
            }
            own(path, header);
            Files.setAttribute(path, "unix:mode", header.getMode() & 07777, NOFOLLOW);
            times(path, header.getLastModifiedTime());
        }
    }

    /**
     * Gives the directories, now moved below {@code base}, their modes and times (deepest first);
     * returns the number of device nodes and FIFOs not made.
     */
    int finish(Path base) throws IOException {
        dirs.sort(java.util.Comparator.comparing(DirMeta::rel));
        for (int i = dirs.size() - 1; i >= 0; i--) {
            DirMeta d = dirs.get(i);
            Path path = base.resolve(d.rel());
            BasicFileAttributes attrs = attributesOrNull(path);
            if (attrs != null && attrs.isDirectory()) {
                Files.setAttribute(path, "unix:mode", d.mode(), NOFOLLOW);
                times(path, d.mtime());
            }
        }
        return skippedSpecial;
    }

    /** Whether a chown was refused (the files keep the builder's own user). */
    boolean ownersRefused() {
        return ownersRefused;
    }

    private Path prepare(String rel) throws IOException {
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            BasicFileAttributes attrs = attributesOrNull(current);
            if (attrs == null) {
                Files.createDirectory(current);
            } else if (!attrs.isDirectory()) {
                throw new IOException("\"" + EntryPath.printable(rel) + "\" has a parent that is not a directory"
                        + (attrs.isSymbolicLink() ? " (a symlink, never followed)" : ""));
            }
        }
        return current.resolve(parts[parts.length - 1]);
    }

    private void own(Path path, TarArchiveEntry header) throws IOException {
        if (ownersRefused) {
            return;
        }
        Map<String, Object> now = Files.readAttributes(path, "unix:uid,gid", NOFOLLOW);
        try {
            if (((Number) now.get("uid")).longValue() != header.getLongUserId()) {
                Files.setAttribute(path, "unix:uid", (int) header.getLongUserId(), NOFOLLOW);
            }
            if (((Number) now.get("gid")).longValue() != header.getLongGroupId()) {
                Files.setAttribute(path, "unix:gid", (int) header.getLongGroupId(), NOFOLLOW);
            }
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            if (!reason.contains("Operation not permitted") && !reason.contains("Invalid argument")) {
                throw e;
            }
            ownersRefused = true;
        }
    }

    private static void times(Path path, FileTime mtime) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
