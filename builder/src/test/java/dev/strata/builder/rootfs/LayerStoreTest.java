package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path temp;

    private static Map<String, Object> unix(Path p) throws IOException {
        return Files.readAttributes(p, "unix:*", NOFOLLOW);
    }

    @Test
    void extractsEveryEntryTypeWithItsMetadata() throws IOException {
        Path blob = temp.resolve("layer.tar.gz");
        String diffId = new LayerTar()
                .dir("./", 0755)
                .dir("./usr/", 0755)
                .file("usr/bin/tool", 04755, 0, 0, "binary")
                .file("home/app/notes", 0600, 1000, 1001, "hello")
                .symlink("usr/bin/link", "/usr/bin/tool")
                .hardlink("usr/bin/tool2", "usr/bin/tool")
                .device("dev/null", TarConstants.LF_CHR, 1, 3)
                .device("dev/fifo", TarConstants.LF_FIFO, 0, 0)
                .dir("tmp", 01777)
                .xattrFile("etc/x", "user.origin", "test", "x")
                .writeGzip(blob);
        List<String> notes = new ArrayList<>();
        Path dir = new LayerStore(temp.resolve("store")).extract(blob, diffId, notes::add);

        assertEquals(temp.resolve("store/layers/" + diffId), dir);
        assertEquals("binary", Files.readString(dir.resolve("usr/bin/tool")));
        assertEquals(04755, (Integer) unix(dir.resolve("usr/bin/tool")).get("mode") & 07777);
        assertEquals(01777, (Integer) unix(dir.resolve("tmp")).get("mode") & 07777);
        Map<String, Object> notesAttrs = unix(dir.resolve("home/app/notes"));
        assertEquals(1000, notesAttrs.get("uid"));
        assertEquals(1001, notesAttrs.get("gid"));
        assertEquals(0600, (Integer) notesAttrs.get("mode") & 07777);
        assertEquals(LayerTar.MTIME, Files.getLastModifiedTime(dir.resolve("home/app/notes")).toInstant());
        assertEquals(LayerTar.MTIME, Files.getLastModifiedTime(dir.resolve("usr")).toInstant());
        assertEquals(Path.of("/usr/bin/tool"), Files.readSymbolicLink(dir.resolve("usr/bin/link")));
        assertEquals(unix(dir.resolve("usr/bin/tool")).get("ino"), unix(dir.resolve("usr/bin/tool2")).get("ino"));
        Map<String, Object> dev = unix(dir.resolve("dev/null"));
        assertEquals(0020000, (Integer) dev.get("mode") & 0170000);
        assertEquals(259L, dev.get("rdev")); // makedev(1, 3)
        assertEquals(0010000, (Integer) unix(dir.resolve("dev/fifo")).get("mode") & 0170000);
        assertArrayEquals("test".getBytes(StandardCharsets.UTF_8), Xattrs.userXattrs(dir.resolve("etc/x")).get("user.origin"));
        assertEquals(List.of(), notes);
    }

    @Test
    void modesTheUmaskWouldTakeAndEntriesGivenTwiceComeOutAsTheLayerSays() throws IOException {
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar()
                .dir("./", 0700)
                .file("open", 0777, "o")
                .file("shared", 0666, "s")
                .file("none", 0000, "n")
                .file("setgid", 02755, 0, 50, "g")
                .dir("wide", 0777)
                .file("twice", 0600, 1000, 1000, "first")
                .file("twice", 0644, 0, 0, "second")
                .dir("d", 0700)
                .file("d/inside", 0644, "i")
                .dir("d", 0750)
                .file("implied/parent/file", 0644, "p")
                .writePlain(blob);
        Path dir = new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {});
        assertEquals(0700, mode(dir));
        assertEquals(0777, mode(dir.resolve("open")));
        assertEquals(0666, mode(dir.resolve("shared")));
        assertEquals(0000, mode(dir.resolve("none")));
        assertEquals(02755, mode(dir.resolve("setgid")), "set after the chown, which clears it");
        assertEquals(50, unix(dir.resolve("setgid")).get("gid"));
        assertEquals(0777, mode(dir.resolve("wide")));
        assertEquals("second", Files.readString(dir.resolve("twice")));
        assertEquals(0644, mode(dir.resolve("twice")));
        assertEquals(0, unix(dir.resolve("twice")).get("uid"));
        assertEquals(0750, mode(dir.resolve("d")), "the later entry of a directory wins");
        assertEquals("i", Files.readString(dir.resolve("d/inside")));
        assertEquals(0755, mode(dir.resolve("implied/parent")));
        for (String name : List.of("open", "d", "wide")) { // none of them read here (relatime would set its atime)
            assertEquals(LayerTar.MTIME, Files.getLastModifiedTime(dir.resolve(name), NOFOLLOW).toInstant(), name);
            // as Docker extracts: an entry without a later access time gets its mtime as atime
            assertEquals(LayerTar.MTIME, ((java.nio.file.attribute.FileTime) Files.getAttribute(dir.resolve(name),
                    "lastAccessTime", NOFOLLOW)).toInstant(), name);
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) unix(p).get("mode") & 07777;
    }

    @Test
    void otherUsersCannotReachTheLayersSetuidProgramsOrCapabilities() throws IOException {
        Path root = Files.createDirectories(temp.resolve("store/layers")).getParent();
        Files.setAttribute(root.resolve("layers"), "unix:mode", 0755);
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar().file("usr/bin/su", 04755, 0, 0, "setuid").writePlain(blob);
        Path dir = new LayerStore(root).extract(blob, diffId, n -> {});
        assertEquals(0700, (Integer) unix(root.resolve("layers")).get("mode") & 07777, "an existing store is closed too");
        assertEquals(04755, (Integer) unix(dir.resolve("usr/bin/su")).get("mode") & 07777);
    }

    @Test
    void convertsOciWhiteoutsToXattrWhiteoutsWithoutDeviceNodes() throws IOException {
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar()
                .file("etc/.wh.gone", 0644, "")
                .dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", 0644, "")
                .file("var/cache/new", 0644, "n")
                .file("var/cache/.wh.old", 0644, "")
                .file("etc/.wh.kept", 0644, "")
                .file("etc/kept", 0644, "same layer wins")
                .file(".wh.top", 0644, "")
                .writePlain(blob);
        Path dir = new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {});

        Map<String, Object> gone = unix(dir.resolve("etc/gone"));
        assertEquals(0100000, (Integer) gone.get("mode") & 0170000, "an empty regular file, never a device node");
        assertEquals(0L, gone.get("size"));
        assertTrue(Xattrs.isWhiteout(dir.resolve("etc/gone")));
        assertTrue(Xattrs.isWhiteout(dir.resolve("top")));
        assertEquals("x", opaqueValue(dir.resolve("etc")), "overlayfs reads xattr whiteouts only in directories marked x");
        assertEquals("x", opaqueValue(dir));
        assertTrue(Xattrs.isOpaque(dir.resolve("var/cache")));
        assertFalse(Files.exists(dir.resolve("var/cache/old"), NOFOLLOW), "an opaque directory holds no whiteouts");
        assertFalse(Xattrs.isOpaque(dir.resolve("var")));
        assertFalse(Xattrs.isOpaque(dir.resolve("etc")));
        assertEquals("same layer wins", Files.readString(dir.resolve("etc/kept")));
        assertFalse(Xattrs.isWhiteout(dir.resolve("etc/kept")));
        assertFalse(Files.exists(dir.resolve("etc/.wh.gone"), NOFOLLOW));
        assertFalse(Files.exists(dir.resolve("var/cache/.wh..wh..opq"), NOFOLLOW));
    }

    @Test
    void aWhiteoutFollowedByEntriesBelowItBecomesAnOpaqueDirectory() throws IOException {
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar()
                .file(".wh.home", 0644, "")
                .file("home/only", 0644, "new")
                .file("opt/.wh.tool", 0644, "")
                .dir("opt/tool", 0700)
                .writePlain(blob);
        Path dir = new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {});
        assertTrue(Xattrs.isOpaque(dir.resolve("home")));
        assertEquals("new", Files.readString(dir.resolve("home/only")));
        assertTrue(Xattrs.isOpaque(dir.resolve("opt/tool")));
        assertEquals(0700, (Integer) unix(dir.resolve("opt/tool")).get("mode") & 07777);
    }

    @Test
    void aHardlinkToAWhiteoutIsRefused() throws IOException {
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar()
                .file("etc/.wh.gone", 0644, "")
                .hardlink("etc/link", "etc/gone")
                .writePlain(blob);
        UnsafeLayerException e = assertThrows(UnsafeLayerException.class,
                () -> new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {}));
        assertTrue(e.getMessage().contains("not an earlier file of the same layer"), e.getMessage());
    }

    @Test
    void readOnlyDirectoriesGetTheirModeAfterTheirEntries() throws IOException {
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar()
                .dir("ro", 0555)
                .file("ro/inside", 0444, "x")
                .writePlain(blob);
        Path dir = new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {});
        assertEquals(0555, (Integer) unix(dir.resolve("ro")).get("mode") & 07777);
        assertEquals("x", Files.readString(dir.resolve("ro/inside")));
        assertEquals(LayerTar.MTIME, Files.getLastModifiedTime(dir.resolve("ro")).toInstant());
    }

    private static String opaqueValue(Path dir) throws IOException {
        var view = Files.getFileAttributeView(dir, java.nio.file.attribute.UserDefinedFileAttributeView.class, NOFOLLOW);
        if (!view.list().contains("overlay.opaque")) {
            return "";
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(view.size("overlay.opaque"));
        view.read("overlay.opaque", buffer);
        return new String(buffer.array(), StandardCharsets.US_ASCII);
    }

    @Test
    void reusesAnExtractedLayerWithoutReadingTheBlobAgain() throws IOException {
        Path blob = temp.resolve("layer.tar.gz");
        String diffId = new LayerTar().file("a", 0644, "a").writeGzip(blob);
        LayerStore store = new LayerStore(temp.resolve("store"));
        Path first = store.extract(blob, diffId, n -> {});
        Files.delete(blob);
        assertEquals(first, new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {}));
        assertEquals(first, store.find(diffId).orElseThrow());
    }

    @Test
    void refusesABlobWhoseContentIsNotItsDiffId() throws IOException {
        Path blob = temp.resolve("layer.tar");
        new LayerTar().file("a", 0644, "a").writePlain(blob);
        String wrong = "0".repeat(64);
        LayerStore store = new LayerStore(temp.resolve("store"));
        IOException e = assertThrows(IOException.class, () -> store.extract(blob, wrong, n -> {}));
        assertTrue(e.getMessage().contains("expected sha256:" + wrong), e.getMessage());
        assertTrue(store.find(wrong).isEmpty());
        try (var leftovers = Files.list(store.directory())) {
            assertEquals(0, leftovers.count(), "no temporary directory is left behind");
        }
    }

    @Test
    void stagesAdoptingTheSameLayerAtOnceAllGetTheStoresCopy() throws Exception {
        String hex = "ab".repeat(32);
        for (int round = 0; round < 20; round++) {
            LayerStore store = new LayerStore(temp.resolve("race-" + round));
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path dir = Files.createDirectories(store.directory().resolve(".extract-" + i));
                Files.writeString(dir.resolve("f"), "same");
                dirs.add(dir);
            }
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(dirs.size());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(dirs.size());
            try {
                List<java.util.concurrent.Future<Path>> adopted = new ArrayList<>();
                for (Path dir : dirs) {
                    adopted.add(pool.submit(() -> {
                        start.await();
                        return store.adopt(dir, hex);
                    }));
                }
                for (java.util.concurrent.Future<Path> f : adopted) {
                    Path dir = f.get(); // before the fix: "Directory not empty" for all but the first
                    assertEquals("same", Files.readString(dir.resolve("f")));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
