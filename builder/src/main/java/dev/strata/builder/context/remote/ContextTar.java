package dev.strata.builder.context.remote;

import dev.strata.builder.context.archive.ArchiveReader;
import dev.strata.builder.context.pattern.PathNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a build context sent as a tar (on standard input or from a URL) into an empty
 * directory. The tar is hostile input: a member that would land outside the directory ({@code ..},
 * through a symbolic link, an earlier member's or its own), a hard link to anything but an earlier
 * file of the tar, or a tar larger than the limit (bytes or members: a decompression bomb) stops
 * the extraction with a one-line error. Member names are cleaned as Docker's untar cleans them
 * (absolute names land inside); devices and FIFOs are left out (a context holds files); owners are
 * not kept (COPY sets its own), setuid/setgid/sticky bits are dropped. Not thread-safe.
 */
public final class ContextTar {
    private static final int MAX_PATH = 4096;

    private final Path dest;
    private final String name;
    private final FetchLimits limits;
    /** Directories get their mode and time last: a read-only one must still take its members. */
    private final List<DirMeta> directories = new ArrayList<>();
    private long bytes;
    private long members;

    private ContextTar(Path dest, String name, FetchLimits limits) {
        this.dest = dest;
        this.name = name;
        this.limits = limits;
    }

    /**
     * Extracts the tar {@code in} (plain or compressed: gzip, bzip2, xz, zstd, found from its first
     * bytes) into the existing empty directory {@code dest}.
     *
     * @param name the archive, named in errors ({@code standard input}, a URL)
     */
    public static void extract(InputStream in, Path dest, String name, FetchLimits limits) throws IOException {
        new ContextTar(dest, name, limits).run(ArchiveReader.open(in));
    }

    private void run(InputStream decompressed) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++members > limits.maxEntries()) {
                    throw fail("more than " + limits.maxEntries() + " members");
                }
                place(tar, e);
            }
        } catch (Refused | java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // the tar stream itself failed (commons-compress says "Truncated TAR archive", a decompressor its own)
            throw new IOException("cannot read the build context " + name + ": the tar ends early or is corrupt ("
                    + dev.strata.builder.text.OutsideText.oneLine(String.valueOf(e.getMessage()), 200) + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read the build context " + name + ": " + e.getMessage(), e);
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            DirMeta d = directories.get(i);
            Files.setPosixFilePermissions(d.path(), permissions(d.mode()));
            Files.setLastModifiedTime(d.path(), d.mtime());
        }
    }

    private record DirMeta(Path path, FileTime mtime, int mode) {}

    private void place(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        String rel = member(e.getName());
        if (rel.isEmpty()) {
            return; // the root itself
        }
        Path target = parentInside(rel).resolve(PathNames.base(rel));
        int mode = e.getMode() & 0777;
        FileTime mtime = FileTime.from(e.getModTime().toInstant());
        if (e.isDirectory()) {
            BasicFileAttributes existing = attributes(target);
            if (existing == null || !existing.isDirectory()) {
                removeExisting(target, existing);
                Files.createDirectory(target);
            }
            Files.setPosixFilePermissions(target, permissions(mode | 0700));
            directories.removeIf(d -> d.path().equals(target));
            directories.add(new DirMeta(target, mtime, mode));
            return;
        }
        if (e.isSymbolicLink()) {
            check(e.getLinkName());
            removeExisting(target, attributes(target));
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            return;
        }
        if (e.isLink()) {
            String linked = member(e.getLinkName());
            Path source = linked.isEmpty() ? dest : parentInside(linked).resolve(PathNames.base(linked));
            BasicFileAttributes a = attributes(source);
            if (a == null || !a.isRegularFile()) {
                throw fail("hard link \"" + ArchiveReader.printable(rel) + "\" -> \"" + ArchiveReader.printable(e.getLinkName())
                        + "\" does not point at an earlier file of the tar");
            }
            removeExisting(target, attributes(target));
            Files.createLink(target, source);
            return;
        }
        if (!e.isFile()) {
            return; // devices, FIFOs: not context files
        }
        removeExisting(target, attributes(target));
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = tar.read(buffer)) > 0) {
                bytes += n;
                if (bytes > limits.maxBytes()) {
                    throw fail("more than " + limits.describeBytes() + " of files (raise -D" + FetchLimits.MAX_BYTES_PROPERTY + "=BYTES)");
                }
                out.write(buffer, 0, n);
            }
        }
        Files.setPosixFilePermissions(target, permissions(mode));
        Files.setLastModifiedTime(target, mtime);
    }

    /** The member's clean relative name; a name that climbs out of the context is an error. */
    private String member(String raw) throws IOException {
        check(raw);
        String clean = PathNames.clean(raw);
        if (clean.equals("..") || clean.startsWith("../")) {
            throw fail("member \"" + ArchiveReader.printable(raw) + "\" points outside the context");
        }
        return PathNames.absolute(clean).substring(1);
    }

    private void check(String path) throws IOException {
        if (path.length() > MAX_PATH) {
            throw fail("a member name longer than " + MAX_PATH + " characters");
        }
        if (path.indexOf('\0') >= 0) {
            throw fail("a member name holds a NUL byte");
        }
    }

    /**
     * The directory {@code rel}'s parent is, made where missing; every component must be a real
     * directory: a symbolic link there (planted by an earlier member) could lead anywhere.
     */
    private Path parentInside(String rel) throws IOException {
        Path dir = dest;
        String parent = PathNames.dir(rel);
        if (parent.equals(".")) {
            return dir;
        }
        for (String part : parent.split("/")) {
            try {
                dir = dir.resolve(part);
            } catch (InvalidPathException e) {
                throw fail("member \"" + ArchiveReader.printable(rel) + "\": invalid name");
            }
            BasicFileAttributes a = attributes(dir);
            if (a == null) {
                Files.createDirectory(dir);
                Files.setPosixFilePermissions(dir, permissions(0755));
            } else if (a.isSymbolicLink()) {
                throw fail("member \"" + ArchiveReader.printable(rel) + "\" lies below the symbolic link \""
                        + ArchiveReader.printable(dest.relativize(dir).toString()) + "\" (refused: it could lead outside the context)");
            } else if (!a.isDirectory()) {
                throw fail("member \"" + ArchiveReader.printable(rel) + "\": \""
                        + ArchiveReader.printable(dest.relativize(dir).toString()) + "\" is not a directory");
            }
        }
        return dir;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A later member replaces an earlier one of the same name, as tar does. */
    private void removeExisting(Path target, BasicFileAttributes existing) throws IOException {
        if (existing == null) {
            return;
        }
        if (existing.isDirectory()) {
            directories.removeIf(d -> d.path().startsWith(target));
            dev.strata.builder.rootfs.Trees.delete(target);
        } else {
            try {
                Files.delete(target);
            } catch (FileAlreadyExistsException e) {
                throw fail("cannot replace \"" + dest.relativize(target) + "\"");
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    private IOException fail(String what) {
        return new Refused("build context " + name + ": " + what);
    }

    /** What this class refuses, told apart from failures of the tar stream. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }
}
