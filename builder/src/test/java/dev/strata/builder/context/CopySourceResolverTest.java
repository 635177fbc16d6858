package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySourceResolverTest {

    @TempDir
    Path tmp;
    CopyFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new CopyFixture(tmp);
    }

    @Test
    void fileToFileCreatesMissingParentsAsRootOwned0755() throws IOException {
        fx.write("a.txt", "A");
        Map<String, LayerEntry> e = fx.copy("/opt/app/b.txt", "a.txt");
        assertEquals(Set.of("opt", "opt/app", "opt/app/b.txt"), e.keySet());
        assertEquals(0755, e.get("opt").attributes().mode());
        assertEquals(0, e.get("opt/app").attributes().uid());
        assertEquals("A", CopyFixture.content(e.get("opt/app/b.txt")));
        assertEquals(0, e.get("opt/app/b.txt").attributes().uid(), "context files are owned by root");
    }

    @Test
    void trailingSlashMakesADirectory() throws IOException {
        fx.write("a.txt", "A");
        Map<String, LayerEntry> e = fx.copy("/dst/", "a.txt");
        assertEquals(Set.of("dst", "dst/a.txt"), e.keySet());
        assertInstanceOf(LayerEntry.Directory.class, e.get("dst"));
    }

    @Test
    void relativeDestinationIsTakenAgainstWorkdir() throws IOException {
        fx.write("a.txt", "A");
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, fx.root(), List.of("a.txt"), List.of(), "sub/",
                "/work", CopyOptions.none()), fx.env())) {
            assertEquals(Set.of("work", "work/sub", "work/sub/a.txt"), CopyFixture.byPath(plan.layerEntries()).keySet());
        }
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, fx.root(), List.of("a.txt"), List.of(), ".",
                "/work", CopyOptions.none()), fx.env())) {
            assertTrue(CopyFixture.byPath(plan.layerEntries()).containsKey("work/a.txt"));
        }
    }

    @Test
    void directorySourceCopiesItsContents() throws IOException {
        fx.write("src/x.txt", "X");
        fx.write("src/sub/y.txt", "Y");
        Files.setPosixFilePermissions(fx.context.resolve("src"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Map<String, LayerEntry> e = fx.copy("/app", "src");
        assertEquals(Set.of("app", "app/sub", "app/sub/y.txt", "app/x.txt"), e.keySet());
        assertEquals(0755, e.get("app").attributes().mode(),
                "BuildKit copies a directory's contents: a new destination is made 0755, not with the source's mode");
        assertEquals(0, e.get("app").attributes().uid());
        assertEquals(0755, fx.copy("/app2/", "src").get("app2").attributes().mode(), "with a trailing slash alike");
        try (CopyPlan plan = fx.plan(false, CopyOptions.fromFlags(false, List.of(dev.strata.dockerfile.model.Flag.of("chown", "7:8"))),
                "/owned", "src")) {
            LayerEntry owned = CopyFixture.byPath(plan.layerEntries()).get("owned");
            assertEquals(0755, owned.attributes().mode());
            assertEquals(7, owned.attributes().uid(), "--chown applies to the new destination");
            assertEquals(8, owned.attributes().gid());
        }
    }

    @Test
    void severalSourcesGoIntoTheDestinationDirectory() throws IOException {
        fx.write("a.txt", "A");
        fx.write("b.txt", "B");
        assertEquals(Set.of("d", "d/a.txt", "d/b.txt"), fx.copy("/d", "a.txt", "b.txt").keySet());
    }

    @Test
    void globsFollowGoRulesAndSeveralMatchesMakeADirectory() throws IOException {
        fx.write("a.go", "");
        fx.write("b.go", "");
        fx.write("c.txt", "");
        fx.write("sub/d.go", "");
        assertEquals(Set.of("d", "d/a.go", "d/b.go"), fx.copy("/d", "*.go").keySet());
        assertEquals(Set.of("d", "d/d.go"), fx.copy("/d/", "*/*.go").keySet());
        assertEquals(Set.of("d", "d/a.go", "d/b.go"), fx.copy("/d/", "[ab].go").keySet());
    }

    @Test
    void aWildcardMatchingNothingCopiesNothingAsDockerDoes() throws IOException {
        fx.write("a.txt", "A");
        fx.write("b.txt", "B");
        assertEquals(Set.of("d", "d/a.txt", "d/b.txt"), fx.copy("/d/", "*.none", "*.txt").keySet());
        assertEquals(Set.of(), fx.copy("/e/", "*.none").keySet(), "nothing copied, not even the destination");
        assertEquals(Set.of(), fx.copy("/e/", "sub/*/x[0-9]").keySet());
    }

    @Test
    void oneMatchAmongSeveralSourcesIsCopiedToTheDestinationNameAsInBuildKit() throws IOException {
        fx.write("a.txt", "A");
        Map<String, LayerEntry> e = fx.copy("/hello", "nothing*", "a.txt");
        assertEquals(Set.of("hello"), e.keySet());
        assertEquals("A", CopyFixture.content(e.get("hello")));
    }

    @Test
    void missingSourceIsAnErrorNamingIt() {
        CopyException e = assertThrows(CopyException.class, () -> fx.copy("/d/", "missing.txt"));
        assertEquals("COPY failed: \"missing.txt\": not found in the build context (or excluded by .dockerignore)", e.getMessage());
    }

    @Test
    void dotDotIsClampedToTheContextRoot() throws IOException {
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        fx.write("secret.txt", "inside");
        Map<String, LayerEntry> e = fx.copy("/x.txt", "../secret.txt");
        assertEquals("inside", CopyFixture.content(e.get("x.txt")));
        Files.delete(fx.context.resolve("secret.txt"));
        assertThrows(CopyException.class, () -> fx.copy("/x.txt", "../secret.txt"));
        assertThrows(CopyException.class, () -> fx.copy("/x.txt", "../../../../secret.txt"));
    }

    @Test
    void symlinkToHostDirectoryNeverReadsTheHost() throws IOException {
        Files.createSymbolicLink(fx.context.resolve("evil"), Path.of("/etc"));
        Files.createSymbolicLink(fx.context.resolve("pw"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(fx.context.resolve("up"), Path.of("../../../../etc/passwd"));
        for (String src : List.of("evil/passwd", "pw", "up", "evil/../evil/passwd")) {
            CopyException e = assertThrows(CopyException.class, () -> fx.copy("/x", src), src);
            assertTrue(e.getMessage().contains("not found"), e.getMessage());
        }
        fx.write("etc/passwd", "context's own");
        assertEquals("context's own", CopyFixture.content(fx.copy("/x", "evil/passwd").get("x")));
        assertEquals("context's own", CopyFixture.content(fx.copy("/x", "pw").get("x")));
        assertEquals("context's own", CopyFixture.content(fx.copy("/x", "up").get("x")));
    }

    @Test
    void sourceSymlinkIsFollowedButSymlinksInsideADirectoryAreKept() throws IOException {
        fx.write("real/file.txt", "R");
        Files.createSymbolicLink(fx.context.resolve("real/rel-link"), Path.of("file.txt"));
        Files.createSymbolicLink(fx.context.resolve("real/abs-link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(fx.context.resolve("top"), Path.of("real/file.txt"));
        Map<String, LayerEntry> e = fx.copy("/d/", "top", "real");
        assertEquals("R", CopyFixture.content(e.get("d/top")), "a symlink named as the source is followed, as in BuildKit");
        assertEquals("file.txt", ((LayerEntry.Symlink) e.get("d/rel-link")).target());
        assertEquals("/etc/passwd", ((LayerEntry.Symlink) e.get("d/abs-link")).target());
    }

    @Test
    void hardlinksStayHardlinks() throws IOException {
        Path a = fx.write("dir/a", "same inode");
        Files.createLink(fx.context.resolve("dir/b"), a);
        Map<String, LayerEntry> e = fx.copy("/out", "dir");
        assertInstanceOf(LayerEntry.RegularFile.class, e.get("out/a"));
        LayerEntry.Hardlink link = assertInstanceOf(LayerEntry.Hardlink.class, e.get("out/b"));
        assertEquals("out/a", link.target());
    }

    @Test
    void existingDestinationDirectoryInTheImageIsEnteredAndKeepsItsMetadata() throws IOException {
        fx.write("a.txt", "A");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/srv"));
        Files.setPosixFilePermissions(rootfs, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(tmp.resolve("rootfs/link"), Path.of("/srv"));
        fx.image = ImageTree.ofDirectory(tmp.resolve("rootfs"));
        Map<String, LayerEntry> e = fx.copy("/srv", "a.txt");
        assertEquals(Set.of("srv", "srv/a.txt"), e.keySet());
        assertEquals(0700, e.get("srv").attributes().mode());
        assertEquals(Set.of("srv", "srv/a.txt"), fx.copy("/link/", "a.txt").keySet(), "destination symlinks resolve in the image");
    }

    @Test
    void directoryOntoAFileIsAnError() throws IOException {
        fx.write("dir/a", "");
        Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(tmp.resolve("rootfs/file"), "");
        fx.image = ImageTree.ofDirectory(tmp.resolve("rootfs"));
        CopyException e = assertThrows(CopyException.class, () -> fx.copy("/file", "dir"));
        assertEquals("cannot copy to non-directory: /file", e.getMessage());
    }

    @Test
    void heredocSourceIsA0644File() throws IOException {
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, fx.root(), List.of(),
                List.of(new HeredocSource("hello.sh", "echo hi\n".getBytes())), "/bin/", "/", CopyOptions.none()), fx.env())) {
            Map<String, LayerEntry> e = CopyFixture.byPath(plan.layerEntries());
            assertEquals("echo hi\n", CopyFixture.content(e.get("bin/hello.sh")));
            assertEquals(0644, e.get("bin/hello.sh").attributes().mode());
            assertEquals("<<hello.sh", plan.sourceDigests().get(0).source());
        }
    }

    @Test
    void linkIgnoresWhatTheImageHasAtTheDestination() throws IOException {
        fx.write("a.txt", "A");
        Files.createDirectories(tmp.resolve("rootfs"));
        Files.createSymbolicLink(tmp.resolve("rootfs/srv"), Path.of("/data"));
        fx.image = ImageTree.ofDirectory(tmp.resolve("rootfs"));
        assertEquals(Set.of("data", "data/a.txt"), fx.copy("/srv/", "a.txt").keySet());
        try (CopyPlan plan = fx.plan(false, CopyOptions.fromFlags(false,
                List.of(dev.strata.dockerfile.model.Flag.of("link", null))), "/srv/", "a.txt")) {
            assertEquals(Set.of("srv", "srv/a.txt"), CopyFixture.byPath(plan.layerEntries()).keySet());
        }
    }

    @Test
    void unusualNamesSurviveWhenTheJvmUsesUtf8FileNames() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "file names need a UTF-8 locale (LANG=C.UTF-8)");
        fx.write("dir/café naïve.txt", "1");
        fx.write("dir/日本語", "2");
        fx.write("dir/with space & [brackets]", "3");
        assertEquals(Set.of("d", "d/café naïve.txt", "d/日本語", "d/with space & [brackets]"), fx.copy("/d", "dir").keySet());
        assertEquals(Set.of("d", "d/café naïve.txt"), fx.copy("/d/", "dir/caf?*").keySet());
    }

    @Test
    void symlinkTargetsAreCleanedLexicallyAsContinuityRootPathDoes() throws IOException {
        fx.write("x.txt", "root");
        fx.write("deep/x.txt", "deep");
        Files.createDirectories(fx.context.resolve("deep/er"));
        Files.createSymbolicLink(fx.context.resolve("sub"), Path.of("deep/er"));
        Files.createSymbolicLink(fx.context.resolve("l"), Path.of("sub/../x.txt"));
        assertEquals("root", CopyFixture.content(fx.copy("/out", "l").get("out")));
        assertEquals("deep", CopyFixture.content(fx.copy("/out", "sub/../deep/x.txt").get("out")), "sources are cleaned first");
    }
}
