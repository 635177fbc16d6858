package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.rootfs.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy-and-compare fallback's diff of a directory the command deleted and created again. */
class SnapshotTest {
    @TempDir
    Path dir;

    private static Object ino(Path path) throws IOException {
        return Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aDirectoryRecreatedWithTheSameInodeNumberBecomesOpaque() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path old = Files.createDirectories(root.resolve("var/lib/old"));
        Files.writeString(old.resolve("file"), "old");
        Object oldIno = ino(old);
        Snapshot snapshot = Snapshot.take(root);

        // rm -rf old && mkdir old, until the file system hands the new directory the old inode
        // number (ext4 usually does at once), the case an inode comparison alone misses
        Files.delete(old.resolve("file"));
        Files.delete(old);
        Files.createDirectory(old);
        for (int i = 0; i < 200 && !ino(old).equals(oldIno); i++) {
            Path other = Files.createDirectory(root.resolve("var/lib/other"));
            Files.delete(old);
            Files.createDirectory(old);
            Files.delete(other);
        }
        Files.writeString(old.resolve("fresh"), "new");

        Path out = Files.createDirectories(dir.resolve("out"));
        snapshot.diff(root, out, List.of());

        assertTrue(Xattrs.isOpaque(out.resolve("var/lib/old")), "the recreated directory hides the lower one");
        assertFalse(Files.exists(out.resolve("var/lib/old/file"), LinkOption.NOFOLLOW_LINKS), "no whiteout inside an opaque directory");
        assertEquals("new", Files.readString(out.resolve("var/lib/old/fresh")));
    }

    @Test
    void aDirectoryTheCommandOnlyFilledStaysTransparent() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path kept = Files.createDirectories(root.resolve("etc/kept"));
        Files.writeString(kept.resolve("file"), "old");
        Snapshot snapshot = Snapshot.take(root);

        Files.writeString(kept.resolve("added"), "new");
        Path out = Files.createDirectories(dir.resolve("out"));
        snapshot.diff(root, out, List.of());

        assertFalse(Xattrs.isOpaque(out.resolve("etc/kept")));
        assertFalse(Files.exists(out.resolve("etc/kept/file"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("new", Files.readString(out.resolve("etc/kept/added")));
    }
}
