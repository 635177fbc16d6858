package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.dockerfile.model.Flag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyOptionsAndOwnersTest {

    @TempDir
    Path tmp;
    CopyFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new CopyFixture(tmp);
        fx.users = UserDatabase.parse("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n",
                "root:x:0:\nstaff:x:50:\napp:x:1001:\n");
    }

    private Map<String, LayerEntry> copy(List<Flag> flags, String dest, String... sources) {
        try (CopyPlan plan = fx.plan(false, CopyOptions.fromFlags(false, flags), dest, sources)) {
            return CopyFixture.byPath(plan.layerEntries());
        }
    }

    @Test
    void chownNamesResolveThroughTheImagesPasswdAndGroup() throws IOException {
        fx.write("dir/f", "x");
        Map<String, LayerEntry> e = copy(List.of(Flag.of("chown", "app")), "/new/d", "dir");
        assertEquals(1000, e.get("new/d/f").attributes().uid());
        assertEquals(1001, e.get("new/d/f").attributes().gid(), "a user alone takes its primary group");
        assertEquals(1000, e.get("new").attributes().uid(), "created parents get the --chown owner, as BuildKit's MkdirAll");
        e = copy(List.of(Flag.of("chown", "app:staff")), "/d/", "dir/f");
        assertEquals(50, e.get("d/f").attributes().gid());
        e = copy(List.of(Flag.of("chown", "42")), "/d/", "dir/f");
        assertEquals(42, e.get("d/f").attributes().uid());
        assertEquals(42, e.get("d/f").attributes().gid(), "a numeric uid alone is also the gid, as in BuildKit");
        e = copy(List.of(Flag.of("chown", "7:staff")), "/d/", "dir/f");
        assertEquals(7, e.get("d/f").attributes().uid());
        assertEquals(50, e.get("d/f").attributes().gid());
    }

    @Test
    void unknownUserOrGroupIsAnError() throws IOException {
        fx.write("f", "x");
        CopyException e = assertThrows(CopyException.class, () -> copy(List.of(Flag.of("chown", "nobody")), "/d/", "f"));
        assertEquals("COPY --chown=nobody: unable to find user nobody: no matching entries in passwd file", e.getMessage());
        e = assertThrows(CopyException.class, () -> copy(List.of(Flag.of("chown", "app:wheel")), "/d/", "f"));
        assertEquals("COPY --chown=app:wheel: unable to find group wheel: no matching entries in group file", e.getMessage());
        fx.users = UserDatabase.empty();
        assertThrows(CopyException.class, () -> copy(List.of(Flag.of("chown", "app")), "/d/", "f"));
    }

    @Test
    void chmodOctalAppliesToFilesAndCopiedDirectoriesNotToCreatedParents() throws IOException {
        fx.write("dir/f", "x");
        Map<String, LayerEntry> e = copy(List.of(Flag.of("chmod", "0640")), "/p/q", "dir");
        assertEquals(0640, e.get("p/q/f").attributes().mode());
        assertEquals(0640, e.get("p/q").attributes().mode());
        assertEquals(0755, e.get("p").attributes().mode());
    }

    @Test
    void symbolicChmodAppliesPerEntryAsInBuildKit() throws IOException {
        Path f = fx.write("dir/f", "x");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(fx.context.resolve("dir"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, LayerEntry> e = copy(List.of(Flag.of("chmod", "go+rX")), "/p/q", "dir");
        assertEquals(0644, e.get("p/q/f").attributes().mode());
        assertEquals(0755, e.get("p/q").attributes().mode());
    }

    @Test
    void badChmodValuesAreErrors() throws IOException {
        fx.write("f", "x");
        CopyException e = assertThrows(CopyException.class, () -> copy(List.of(Flag.of("chmod", "999")), "/d/", "f"));
        assertEquals("invalid chmod parameter: '999'. it should be octal string and between 0 and 07777", e.getMessage());
        e = assertThrows(CopyException.class, () -> copy(List.of(Flag.of("chmod", "u*x")), "/d/", "f"));
        assertEquals("invalid chmod parameter: 'u*x': invalid syntax", e.getMessage());
    }

    @Test
    void excludeDropsMatchingPathsAndHonoursExceptions() throws IOException {
        fx.write("src/a.txt", "");
        fx.write("src/b.md", "");
        fx.write("src/sub/c.txt", "");
        fx.write("src/sub/keep.txt", "");
        Map<String, LayerEntry> e = copy(List.of(Flag.of("exclude", "*.txt"), Flag.of("exclude", "sub/c.txt")), "/d", "src");
        assertEquals(Set.of("d", "d/b.md", "d/sub", "d/sub/keep.txt"), e.keySet());
        e = copy(List.of(Flag.of("exclude", "sub"), Flag.of("exclude", "!sub/keep.txt")), "/d", "src");
        assertEquals(Set.of("d", "d/a.txt", "d/b.md", "d/sub", "d/sub/keep.txt"), e.keySet());
        fx.write("hom1.txt", "");
        fx.write("hom2.md", "");
        e = copy(List.of(Flag.of("exclude", "*.txt")), "/mydir/", "hom*");
        assertEquals(Set.of("mydir", "mydir/hom2.md"), e.keySet(), "the reference's own example");
    }

    @Test
    void parentsKeepTheSourcePathAndPivotAtSlashDotSlash() throws IOException {
        fx.write("x/y/file.txt", "F");
        fx.write("a/b/c/d.txt", "D");
        Map<String, LayerEntry> e = copy(List.of(Flag.of("parents", null)), "/dst/", "x/y/file.txt");
        assertEquals(Set.of("dst", "dst/x", "dst/x/y", "dst/x/y/file.txt"), e.keySet());
        e = copy(List.of(Flag.of("parents", null)), "/dst/", "a/./b/c/d.txt");
        assertEquals(Set.of("dst", "dst/b", "dst/b/c", "dst/b/c/d.txt"), e.keySet());
        e = copy(List.of(Flag.of("parents", null)), "/dst/", "a/*/c");
        assertEquals(Set.of("dst", "dst/a", "dst/a/b", "dst/a/b/c", "dst/a/b/c/d.txt"), e.keySet());
    }

    @Test
    void stageSourcesKeepOwnersAndModesContextSourcesBecomeRoot() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("stage/usr/bin"));
        Path tool = Files.writeString(rootfs.resolve("tool"), "#!/bin/sh\n");
        Files.setAttribute(tool, "unix:uid", 1234);
        Files.setAttribute(tool, "unix:gid", 4321);
        Files.setPosixFilePermissions(tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x--x"));
        SourceRoot stage = SourceRoot.stage(tmp.resolve("stage"), "stage \"build\"");
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, stage, List.of("/usr/bin/tool"), List.of(), "/bin/",
                "/", CopyOptions.none()), fx.env())) {
            LayerEntry t = CopyFixture.byPath(plan.layerEntries()).get("bin/tool");
            assertEquals(1234, t.attributes().uid());
            assertEquals(4321, t.attributes().gid());
            assertEquals(0751, t.attributes().mode());
        }
        Path f = fx.write("ctx.txt", "c");
        Files.setAttribute(f, "unix:uid", 1234);
        assertEquals(0, fx.copy("/c", "ctx.txt").get("c").attributes().uid());
        CopyException e = assertThrows(CopyException.class, () -> CopySourceResolver.plan(new CopyRequest(false, stage,
                List.of("/nope"), List.of(), "/", "/", CopyOptions.none()), fx.env()));
        assertEquals("COPY failed: \"/nope\": not found in stage \"build\"", e.getMessage());
    }

    @Test
    void flagsTheInstructionDoesNotTakeAreErrorsNamingThem() {
        assertEquals("COPY does not take the flag --checksum", assertThrows(CopyException.class,
                () -> CopyOptions.fromFlags(false, List.of(Flag.of("checksum", "sha256:00")))).getMessage());
        assertEquals("ADD does not take the flag --parents", assertThrows(CopyException.class,
                () -> CopyOptions.fromFlags(true, List.of(Flag.of("parents", null)))).getMessage());
        assertEquals("COPY does not take the flag --bogus", assertThrows(CopyException.class,
                () -> CopyOptions.fromFlags(false, List.of(Flag.of("bogus", "1")))).getMessage());
        assertTrue(assertThrows(CopyException.class,
                () -> CopyOptions.fromFlags(true, List.of(Flag.of("keep-git-dir", "true")))).getMessage()
                .startsWith("ADD --keep-git-dir is not supported by Strata"));
        CopyOptions o = CopyOptions.fromFlags(false, List.of(Flag.of("from", "build"), Flag.of("link", null),
                Flag.of("exclude", "a"), Flag.of("exclude", "b")));
        assertTrue(o.link());
        assertEquals(List.of("a", "b"), o.excludes());
        assertFalse(CopyOptions.fromFlags(false, List.of(Flag.of("link", "false"))).link());
        assertEquals(Optional.of(false), CopyOptions.fromFlags(true, List.of(Flag.of("unpack", "false"))).unpack());
    }

    @Test
    void stageDevicesAndFifosAreCopiedAsSuch() throws IOException, InterruptedException {
        Path dev = Files.createDirectories(tmp.resolve("stage2/dev"));
        Process mknod = new ProcessBuilder("mknod", dev.resolve("null").toString(), "c", "1", "3").inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mknod.waitFor() == 0, "mknod needs CAP_MKNOD");
        Process mkfifo = new ProcessBuilder("mkfifo", dev.resolve("pipe").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        SourceRoot stage = SourceRoot.stage(tmp.resolve("stage2"), "stage \"base\"");
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, stage, List.of("/dev"), List.of(), "/dev", "/",
                CopyOptions.none()), fx.env())) {
            Map<String, LayerEntry> e = CopyFixture.byPath(plan.layerEntries());
            LayerEntry.CharDevice nul = (LayerEntry.CharDevice) e.get("dev/null");
            assertEquals(1, nul.major());
            assertEquals(3, nul.minor());
            assertTrue(e.get("dev/pipe") instanceof LayerEntry.Fifo);
            assertTrue(plan.sourceDigests().stream().anyMatch(d -> d.type().equals("chardev") && d.link().equals("1,3")));
        }
    }
}
