package dev.strata.builder.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixStatTest {

    @TempDir
    Path dir;

    @Test
    void theTestJvmReadsTheAttributesObjectAsTheStrataJarDoes() {
        // surefire opens sun.nio.fs like the jar's manifest; without it the comparisons below
        // would compare the attribute view with itself
        assertTrue(UnixStat.direct(), "sun.nio.fs is not open to Strata: every lstat takes the slow path");
    }

    @Test
    void everyKindOfFileReadsAsTheAttributeViewReadsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "twelve bytes");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z")));
        Path link = Files.createLink(dir.resolve("hardlink"), file);
        Path symlink = Files.createSymbolicLink(dir.resolve("symlink"), Path.of("file"));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path device = Path.of("/dev/null");

        for (Path p : new Path[] {file, link, symlink, sub, fifo, device}) {
            assertEquals(UnixStat.viaAttributeView(p), UnixStat.of(p), p.toString());
        }
        UnixStat f = UnixStat.of(file);
        assertEquals(0100750, f.mode());
        assertEquals(12, f.size());
        assertEquals(2, f.links());
        assertEquals(Instant.parse("2001-02-03T04:05:06.123456789Z"), f.mtime().toInstant());
        assertEquals(f.inode(), UnixStat.of(link).inode());
        assertTrue(UnixStat.of(symlink).isSymlink(), "a final symlink is not followed");
        assertTrue(UnixStat.of(sub).isDirectory());
        assertEquals(0020000, UnixStat.of(device).type());
        assertEquals(0x103, UnixStat.of(device).rdev()); // 1:3
    }

    @Test
    void aMissingFileIsAnError() {
        assertThrows(NoSuchFileException.class, () -> UnixStat.of(dir.resolve("missing")));
        assertThrows(IOException.class, () -> UnixStat.viaAttributeView(dir.resolve("missing")));
    }
}
