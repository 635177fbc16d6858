package dev.strata.builder.export;

import dev.strata.builder.oci.AtomicOutput;
import dev.strata.builder.rootfs.EntryPath;
import dev.strata.builder.tar.TarLayerWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * buildx's {@code type=local} and {@code type=tar} outputs: the files of the built image (its layers
 * flattened, see {@link FlatFilesystem}) written into a directory or as one tar. Nothing partial is
 * left on failure: a tar is written beside its destination and renamed; a directory export is written
 * whole into a private directory inside the destination first, then moved into place entry by entry
 * (files already in the destination that the image does not have stay, as with buildx).
 */
public final class FilesystemExport {
    private FilesystemExport() {}

    /** Writes the image's files as one tar to {@code out} (not closed). */
    public static void writeTar(List<Path> layerBlobs, OutputStream out) throws IOException {
        writeTar(java.util.Map.of("", layerBlobs), out);
    }

    /**
     * Writes the files of several images as one tar to {@code out} (not closed), each below its
     * directory (the key; {@code ""} for none), as buildx splits a multi-platform tar output.
     */
    public static void writeTar(java.util.Map<String, List<Path>> layerBlobsByDirectory, OutputStream out) throws IOException {
        TarLayerWriter tar = new TarLayerWriter(new NonClosing(out), Instant.ofEpochSecond(253402300799L));
        for (java.util.Map.Entry<String, List<Path>> image : new java.util.TreeMap<>(layerBlobsByDirectory).entrySet()) {
            FlatFilesystem fs = FlatFilesystem.of(image.getValue());
            String prefix = image.getKey().isEmpty() ? "" : EntryPath.clean(image.getKey()) + "/";
            if (!prefix.isEmpty()) {
                org.apache.commons.compress.archivers.tar.TarArchiveEntry dir = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                        prefix, org.apache.commons.compress.archivers.tar.TarConstants.LF_DIR, true);
                dir.setMode(0755);
                dir.setModTime(java.nio.file.attribute.FileTime.from(Instant.EPOCH));
                tar.write(dir, null, null);
            }
            fs.emit((header, xattrs, content) -> {
                header.setName(prefix + header.getName());
                if (header.isLink()) {
                    header.setLinkName(prefix + header.getLinkName());
                }
                tar.write(header, xattrs, content);
            });
        }
        tar.finish();
    }

    /** Writes the files as one tar to the file {@code dest} (temp file, then rename); keys as for {@link #writeTar(java.util.Map, OutputStream)}. */
    public static void writeTarFile(java.util.Map<String, List<Path>> layerBlobsByDirectory, Path dest) throws IOException {
        AtomicOutput.file(dest, out -> writeTar(layerBlobsByDirectory, out));
    }

    /** Writes the image's files as one tar to the file {@code dest} (temp file, then rename). */
    public static void writeTarFile(List<Path> layerBlobs, Path dest) throws IOException {
        AtomicOutput.file(dest, out -> writeTar(layerBlobs, out));
    }

    /**
     * Writes the image's files into directory {@code dest} (made if missing). Returns warnings
     * (device nodes not made, owners not kept) through {@code warnings}.
     */
    public static void writeDirectory(List<Path> layerBlobs, Path dest, Consumer<String> warnings) throws IOException {
        FlatFilesystem fs = FlatFilesystem.of(layerBlobs);
        Path target = dest.toAbsolutePath().normalize();
        boolean made = !Files.exists(target);
        Files.createDirectories(target);
        Path temp = target.resolve(".strata-export-" + UUID.randomUUID());
        Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        boolean done = false;
        try {
            DirectoryWriter writer = new DirectoryWriter(temp);
            fs.emit(writer);
            moveInto(temp, target);
            int skipped = writer.finish(target);
            if (skipped > 0) {
                warnings.accept(skipped + " device node(s) or FIFO(s) of the image not written to " + dest);
            }
            if (writer.ownersRefused()) {
                warnings.accept("files in " + dest + " are owned by the builder's own user (chown is not permitted here)");
            }
            done = true;
        } finally {
            deleteTree(temp);
            if (!done && made) {
                deleteTree(target);
            }
        }
    }

    /** Moves the children of {@code from} into {@code to}: into a real directory recursively, replacing anything else. */
    private static void moveInto(Path from, Path to) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            entries.forEach(children::add);
        }
        for (Path child : children) {
            Path there = to.resolve(child.getFileName().toString());
            BasicFileAttributes mine = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes theirs = DirectoryWriter.attributesOrNull(there);
            if (theirs != null && theirs.isDirectory() && mine.isDirectory()) {
                moveInto(child, there);
                continue;
            }
            if (theirs != null) {
                deleteTree(there);
            }
            Files.move(child, there, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Deletes a tree without following symlinks, making directories writable first. */
    static void deleteTree(Path root) throws IOException {
        if (DirectoryWriter.attributesOrNull(root) == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    Files.setAttribute(p, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Keeps the caller's stream open when the tar writer closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
