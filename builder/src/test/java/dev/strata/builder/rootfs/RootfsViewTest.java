package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsViewTest {
    @TempDir
    Path temp;

    private List<Path> twoLayers() throws IOException {
        LayerStore store = new LayerStore(temp.resolve("store"));
        Path base = temp.resolve("base.tar");
        String baseId = new LayerTar()
                .file("etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\n")
                .file("etc/old", 0644, "old")
                .file("var/cache/a", 0644, "a")
                .file("var/cache/b", 0644, "b")
                .symlink("lib", "usr/lib")
                .file("usr/lib/libc", 0755, "libc")
                .writePlain(base);
        Path top = temp.resolve("top.tar");
        String topId = new LayerTar()
                .file("etc/.wh.old", 0644, "")
                .dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", 0644, "")
                .file("var/cache/c", 0644, "c")
                .file("etc/new", 0600, "new")
                .writePlain(top);
        return List.of(store.extract(top, topId, n -> {}), store.extract(base, baseId, n -> {}));
    }

    private static TreeSet<String> listing(Path root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> names.add(root.relativize(p).toString()));
        }
        return names;
    }

    private static final TreeSet<String> EXPECTED = new TreeSet<>(List.of("", "etc", "etc/passwd", "etc/new",
            "var", "var/cache", "var/cache/c", "lib", "usr", "usr/lib", "usr/lib/libc"));

    @Test
    void overlayMountTakesRelativeLayerPaths() throws IOException {
        List<Path> lowers = twoLayers();
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> relative = lowers.stream().map(cwd::relativize).toList();
        Path target = Files.createDirectories(temp.resolve("target"));
        try (OverlayMount mount = OverlayMount.mount(relative, null, null, cwd.relativize(target))) {
            assertEquals(EXPECTED, listing(target));
        }
    }

    @Test
    void overlayViewAppliesWhiteoutsAndOpaqueDirectories() throws IOException {
        Path root;
        try (RootfsView view = RootfsView.open(twoLayers(), temp.resolve("tmp"), n -> {})) {
            assertTrue(view.isOverlay());
            root = view.root();
            assertEquals(EXPECTED, listing(root));
            assertEquals("libc", Files.readString(RootPath.resolve(root, "/lib/libc")));
            assertThrows(IOException.class, () -> Files.writeString(view.root().resolve("etc/x"), "x"), "read-only");
        }
        assertFalse(Files.exists(root), "closing deletes the view");
    }

    @Test
    void aSingleLayerIsStillAnOverlay() throws IOException {
        List<Path> layers = twoLayers();
        try (RootfsView view = RootfsView.open(List.of(layers.get(1)), temp.resolve("tmp"), n -> {
            throw new AssertionError("fell back to copying: " + n);
        })) {
            assertTrue(view.isOverlay());
            assertEquals(new TreeSet<>(List.of("", "etc", "etc/passwd", "etc/old", "var", "var/cache",
                    "var/cache/a", "var/cache/b", "lib", "usr", "usr/lib", "usr/lib/libc")), listing(view.root()));
        }
    }

    @Test
    void copyingFallbackShowsTheSameTree() throws IOException {
        Path merged = Files.createDirectory(temp.resolve("merged"));
        LayerMerger.merge(twoLayers(), merged);
        assertEquals(EXPECTED, listing(merged));
        assertEquals("new", Files.readString(merged.resolve("etc/new")));
        assertEquals(0600, (Integer) Files.getAttribute(merged.resolve("etc/new"), "unix:mode") & 07777);
        assertTrue(Files.isSymbolicLink(merged.resolve("lib")));
    }

    @Test
    void scratchIsAnEmptyDirectory() throws IOException {
        try (RootfsView view = RootfsView.open(List.of(), temp.resolve("tmp"), n -> {})) {
            assertEquals(new TreeSet<>(List.of("")), listing(view.root()));
        }
    }

    @Test
    void rootPathKeepsSymlinksInsideTheRoot() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc"));
        Files.createSymbolicLink(root.resolve("etc/loop"), Path.of("loop"));
        assertEquals(root.resolve("etc/passwd"), RootPath.resolve(root, "/abs/passwd"));
        assertEquals(root.resolve("etc/passwd"), RootPath.resolve(root, "up/passwd"));
        assertEquals(root.resolve("etc"), RootPath.resolve(root, "/../../etc/"));
        assertThrows(IOException.class, () -> RootPath.resolve(root, "/etc/loop/x"));
    }
}
