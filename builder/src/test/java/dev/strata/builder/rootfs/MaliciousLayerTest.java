package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile layers must never write outside their directory (here: a host directory next to the store). */
class MaliciousLayerTest {
    @TempDir
    Path temp;

    private Path extract(LayerTar tar) throws IOException {
        Path blob = temp.resolve("evil.tar");
        String diffId = tar.writePlain(blob);
        return new LayerStore(temp.resolve("store")).extract(blob, diffId, n -> {});
    }

    private Path host() throws IOException {
        return Files.createDirectories(temp.resolve("host/xyz"));
    }

    private void assertHostUntouched(Path host) throws IOException {
        try (var entries = Files.list(host)) {
            assertEquals(List.of(), entries.toList(), "the host directory must stay empty");
        }
        assertFalse(Files.exists(temp.resolve("host/pwned")));
        assertFalse(Files.exists(temp.resolve("pwned")));
    }

    @Test
    void aDirectoryReplacedByASymlinkTakesItsWhiteoutsAndModesAlong() throws IOException {
        Path host = host();
        Files.writeString(host.resolve("victim"), "keep");
        Path dir = extract(new LayerTar()
                .dir("d", 0755)
                .dir("d/sub", 0700)
                .file("d/.wh.victim", 0644, "")
                .symlink("d", host.toString()));
        assertTrue(Files.isSymbolicLink(dir.resolve("d")));
        assertEquals("keep", Files.readString(host.resolve("victim")));
        assertEquals(java.util.Set.of(), Xattrs.userXattrs(host).keySet());
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(host)));
    }

    @Test
    void refusesDotDotEntries() throws IOException {
        host();
        UnsafeLayerException e = assertThrows(UnsafeLayerException.class,
                () -> extract(new LayerTar().file("../../pwned", 0644, "x")));
        assertTrue(e.getMessage().matches("layer sha256:[0-9a-f]{12}: entry \"\\.\\./\\.\\./pwned\" points outside the root"), e.getMessage());
        assertHostUntouched(host());
    }

    @Test
    void refusesToWriteThroughASymlinkedDirectoryPointingAtTheHost() throws IOException {
        Path host = host();
        UnsafeLayerException e = assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .symlink("evil", host.toString())
                .file("evil/pwned", 0644, "x")));
        assertTrue(e.getMessage().contains("parent \"evil\" that is not a directory (a symlink, never followed)"), e.getMessage());
        assertHostUntouched(host);
    }

    @Test
    void refusesRelativeSymlinkEscapes() throws IOException {
        Path host = host();
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .symlink("up", "../../../../../../../..")
                .file("up/" + host.toString().substring(1) + "/pwned", 0644, "x")));
        assertHostUntouched(host);
    }

    @Test
    void doesNotWriteThroughASymlinkReplacedByAFile() throws IOException {
        Path host = host();
        Path target = host.resolve("victim");
        Files.writeString(target, "original");
        Path dir = extract(new LayerTar()
                .symlink("link", target.toString())
                .file("link", 0644, "overwritten"));
        assertEquals("original", Files.readString(target));
        assertEquals("overwritten", Files.readString(dir.resolve("link")));
        assertFalse(Files.isSymbolicLink(dir.resolve("link")));
    }

    @Test
    void absoluteNamesLandInsideTheLayer() throws IOException {
        Path host = host();
        Path dir = extract(new LayerTar().file(host + "/abs", 0644, "inside"));
        assertEquals("inside", Files.readString(dir.resolve(host.toString().substring(1) + "/abs")));
        assertHostUntouched(host);
    }

    @Test
    void refusesHardlinksToFilesOutsideTheLayer() throws IOException {
        Path host = host();
        Files.writeString(host.resolve("secret"), "s");
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar().hardlink("h", host + "/secret")));
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar().hardlink("h", "../../host/xyz/secret")));
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .symlink("s", host.toString())
                .hardlink("h", "s/secret")));
        assertEquals(1, Files.readAttributes(host.resolve("secret"), "unix:nlink", LinkOption.NOFOLLOW_LINKS).get("nlink"));
    }

    @Test
    void whiteoutsThroughASymlinkAreRefused() throws IOException {
        Path host = host();
        Files.writeString(host.resolve("victim"), "v");
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .symlink("evil", host.toString())
                .file("evil/.wh.victim", 0644, "")
                .file("evil/.wh..wh..opq", 0644, "")));
        assertEquals("v", Files.readString(host.resolve("victim")));
    }

    /**
     * An extractor that remembers the directories it made must forget one that a later entry
     * replaces: every write below it afterwards is refused or lands inside the root.
     */
    @Test
    void entriesAfterADirectoryIsReplacedByASymlinkNeverReachTheHost() throws IOException {
        Path host = host();
        Files.writeString(temp.resolve("host/secret"), "s");
        String up = "../../../../../../../../../.." + host;
        List<java.util.function.Function<LayerTar, LayerTar>> after = List.of(
                t -> uncheck(() -> t.file("d/e/pwned", 0644, "x")),
                t -> uncheck(() -> t.dir("d/e/pwned", 0755)),
                t -> uncheck(() -> t.symlink("d/e/pwned", "/")),
                t -> uncheck(() -> t.hardlink("d/e/pwned", "keep")),
                t -> uncheck(() -> t.hardlink("pwned", "d/e/../secret")),
                t -> uncheck(() -> t.file("d/e/.wh..wh..opq", 0644, "")),
                t -> uncheck(() -> t.file("d/e/sub/pwned", 0644, "x")));
        for (String target : List.of(host.toString(), up)) {
            for (var entry : after) {
                LayerTar tar = new LayerTar()
                        .file("keep", 0644, "keep")
                        .dir("d", 0755)
                        .dir("d/e", 0755)
                        .file("d/e/a", 0644, "a")
                        .dir("d/e/sub", 0700)
                        .symlink("d/e", target);
                try {
                    extract(entry.apply(tar));
                } catch (UnsafeLayerException refused) {
                    // refusing is fine; writing outside is not
                }
                assertHostUntouched(host);
                assertEquals("s", Files.readString(temp.resolve("host/secret")));
                assertEquals(1, Files.readAttributes(temp.resolve("host/secret"), "unix:nlink", LinkOption.NOFOLLOW_LINKS).get("nlink"));
            }
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T uncheck(IoSupplier<T> step) {
        try {
            return step.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDirectoryEntryReplacesASymlinkOfTheSameLayerInsteadOfFollowingIt() throws IOException {
        Path host = host();
        Path dir = extract(new LayerTar()
                .symlink("d", host.toString())
                .dir("d", 0755)
                .file("d/pwned", 0644, "inside"));
        assertFalse(Files.isSymbolicLink(dir.resolve("d")));
        assertEquals("inside", Files.readString(dir.resolve("d/pwned")));
        assertHostUntouched(host);
    }

    @Test
    void aHardlinkToASymlinkIsNeverAWayThrough() throws IOException {
        Path host = host();
        UnsafeLayerException e = assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .symlink("s", host.toString())
                .hardlink("h", "s")
                .file("h/pwned", 0644, "x")));
        assertTrue(e.getMessage().contains("parent \"h\" that is not a directory (a symlink, never followed)"), e.getMessage());
        assertHostUntouched(host);
    }

    @Test
    void aDirectoryReplacedByAFileIsNoParentAnyMore() throws IOException {
        Path host = host();
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .dir("a", 0755)
                .file("a/x", 0644, "x")
                .symlink("a", host.toString())
                .file("a/pwned", 0644, "x")));
        assertThrows(UnsafeLayerException.class, () -> extract(new LayerTar()
                .dir("b/c", 0755)
                .file("b", 0644, "now a file")
                .file("b/c/pwned", 0644, "x")));
        assertHostUntouched(host);
    }
}
