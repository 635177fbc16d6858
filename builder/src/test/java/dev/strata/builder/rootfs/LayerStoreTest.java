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
    void convertsOciWhiteoutsToOverlayForm() throws IOException {
        Path blob = temp.resolve("layer.tar");
        String diffId = new LayerTar()
                .file("etc/.wh.gone", 0644, "")
                .dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", 0644, "")
                .file("var/cache/new", 0644, "n")
                .file("etc/.wh.kept", 0644, "")
                .file("etc/kept", 0644, "same layer wins")
                .writePlain(blob);
        Path dir = new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {});

        Map<String, Object> gone = unix(dir.resolve("etc/gone"));
        assertEquals(0020000, (Integer) gone.get("mode") & 0170000);
        assertEquals(0L, gone.get("rdev"));
        assertTrue(Xattrs.isOpaque(dir.resolve("var/cache")));
        assertFalse(Xattrs.isOpaque(dir.resolve("var")));
        assertEquals("same layer wins", Files.readString(dir.resolve("etc/kept")));
        assertFalse(Files.exists(dir.resolve("etc/.wh.gone"), NOFOLLOW));
        assertFalse(Files.exists(dir.resolve("var/cache/.wh..wh..opq"), NOFOLLOW));
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
}
