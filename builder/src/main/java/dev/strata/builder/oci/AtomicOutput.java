package dev.strata.builder.oci;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** Writes an output to a temp path beside it and renames it into place: complete or absent. */
public final class AtomicOutput {
    private AtomicOutput() {}

    /** Fills the output. */
    public interface Body<T> {
        void write(T target) throws IOException;
    }

    /** Writes file {@code dest} through {@code body}, replacing any existing file. */
    public static void file(Path dest, Body<OutputStream> body) throws IOException {
        Path target = dest.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.write(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes directory {@code dest} through {@code body} (which fills a fresh temp directory);
     * an existing {@code dest} is replaced only once the new one is complete.
     */
    static void directory(Path dest, Body<Path> body) throws IOException {
        Path target = dest.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        String suffix = UUID.randomUUID().toString();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + suffix);
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + suffix);
        try {
            Files.createDirectory(temp);
            body.write(temp);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(temp);
            deleteTree(old);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
