package dev.strata.builder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.rootfs.LayerTar;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** type=local and type=tar: the image's files as the layers stack them, never written through a symlink. */
class FilesystemExportTest {
    @TempDir
    Path tmp;

    private List<Path> layers() throws IOException {
        Path one = tmp.resolve("one.tar.gz");
        new LayerTar().dir("a/", 0755).file("a/x", 0644, "x").file("a/y", 0644, "y")
                .symlink("s", tmp.resolve("outside").toString())
                .dir("d/", 0755).file("d/keep", 0644, "keep")
                .file("h1", 0640, 1234, 5678, "old")
                .hardlink("h2", "h1")
                .file("gone", 0644, "gone")
                .dir("ro/", 0555).file("ro/f", 0444, "ro")
                .device("null", (byte) '3', 1, 3)
                .writeGzip(one);
        Path two = tmp.resolve("two.tar");
        new LayerTar().file("a/.wh.y", 0644, "").file("s/passwd", 0644, "inside")
                .file("d/.wh..wh..opq", 0644, "").file("d/new", 0644, "new")
                .file("h1", 0644, "new").file(".wh.gone", 0644, "")
                .writePlain(two);
        return List.of(one, two);
    }

    @Test
    void localWritesTheStackedFilesAndNeverFollowsALowerSymlink() throws IOException {
        Files.createDirectories(tmp.resolve("outside"));
        Path dest = tmp.resolve("dest");
        List<String> warnings = new ArrayList<>();
        FilesystemExport.writeDirectory(layers(), dest, warnings::add);

        assertEquals("x", Files.readString(dest.resolve("a/x")));
        assertFalse(Files.exists(dest.resolve("a/y"), LinkOption.NOFOLLOW_LINKS), "whiteout");
        assertTrue(Files.isDirectory(dest.resolve("s"), LinkOption.NOFOLLOW_LINKS), "the lower symlink became a directory");
        assertEquals("inside", Files.readString(dest.resolve("s/passwd")));
        assertEquals(List.of(), list(tmp.resolve("outside")), "nothing written through the symlink");
        assertEquals(List.of("new"), list(dest.resolve("d")), "opaque directory");
        assertEquals("new", Files.readString(dest.resolve("h1")));
        assertEquals("old", Files.readString(dest.resolve("h2")), "a hard link keeps the content of its layer");
        assertFalse(Files.exists(dest.resolve("gone")));
        assertEquals(0555, (int) Files.getAttribute(dest.resolve("ro"), "unix:mode") & 07777);
        assertEquals("ro", Files.readString(dest.resolve("ro/f")));
        if (isRoot()) {
            assertEquals(1234, Files.getAttribute(dest.resolve("h2"), "unix:uid"), "root keeps the image's owners");
            assertEquals(5678, Files.getAttribute(dest.resolve("h2"), "unix:gid"));
        }
        assertEquals(List.of("1 device node(s) or FIFO(s) of the image not written to " + dest), warnings);
        assertFalse(list(dest).stream().anyMatch(n -> n.startsWith(".strata-export-")), "no leftovers");
    }

    @Test
    void localReplacesASymlinkInTheDestinationInsteadOfFollowingIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        Files.createSymbolicLink(dest.resolve("a"), outside);
        Files.writeString(dest.resolve("mine.txt"), "kept");
        FilesystemExport.writeDirectory(layers(), dest, w -> {});
        assertEquals(List.of(), list(outside));
        assertTrue(Files.isDirectory(dest.resolve("a"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("kept", Files.readString(dest.resolve("mine.txt")), "files the image lacks stay, as with buildx");
    }

    @Test
    void aBadLayerLeavesNoPartialOutput() throws IOException {
        Path bad = tmp.resolve("bad.tar");
        new LayerTar().file("ok", 0644, "ok").hardlink("link", "nowhere").writePlain(bad);
        Path fresh = tmp.resolve("fresh");
        IOException e = assertThrows(IOException.class, () -> FilesystemExport.writeDirectory(List.of(bad), fresh, w -> {}));
        assertEquals("layer 1: entry \"link\" is a hard link to \"nowhere\", which is not an earlier file of the same layer", e.getMessage());
        assertFalse(Files.exists(fresh));
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        assertThrows(IOException.class, () -> FilesystemExport.writeDirectory(List.of(bad), existing, w -> {}));
        assertEquals(List.of(), list(existing));
        Path tar = tmp.resolve("out.tar");
        assertThrows(IOException.class, () -> FilesystemExport.writeTarFile(List.of(bad), tar));
        assertEquals(List.of("bad.tar", "existing"), list(tmp));
    }

    @Test
    void tarHoldsTheSameFilesAsGnuTarReadsThem() throws IOException {
        Files.createDirectories(tmp.resolve("outside"));
        Path tar = tmp.resolve("fs.tar");
        FilesystemExport.writeTarFile(layers(), tar);
        String listing = Command.ok("tar", "-tvf", tar.toString());
        assertFalse(listing.contains("h2 link to"), listing);
        Path x = Files.createDirectories(tmp.resolve("x"));
        Command.ok("tar", "-xf", tar.toString(), "-C", x.toString());
        assertEquals("old", Files.readString(x.resolve("h2")));
        assertEquals("new", Files.readString(x.resolve("h1")));
        assertEquals("inside", Files.readString(x.resolve("s/passwd")));
        assertEquals(List.of("new"), list(x.resolve("d")));
        assertEquals(List.of(), list(tmp.resolve("outside")));
        byte[] again = Files.readAllBytes(tar);
        FilesystemExport.writeTarFile(layers(), tar);
        assertTrue(java.util.Arrays.equals(again, Files.readAllBytes(tar)), "reproducible");
    }

    @Test
    void hardLinksToSurvivingFilesStayLinks() throws IOException {
        Path one = tmp.resolve("one.tar");
        new LayerTar().file("f", 0644, "data").hardlink("g", "f").hardlink("h", "g").writePlain(one);
        Path dest = tmp.resolve("dest");
        FilesystemExport.writeDirectory(List.of(one), dest, w -> {});
        assertEquals(Files.getAttribute(dest.resolve("f"), "unix:ino"), Files.getAttribute(dest.resolve("h"), "unix:ino"));
        assertEquals(3, Files.getAttribute(dest.resolve("g"), "unix:nlink"));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
