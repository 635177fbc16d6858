package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of a hostile local tar, built into an image and unpacked with umoci: a file written through
 * the archive's own symlink lands where the link leads inside the destination, and the layer never
 * holds a path through a symlink; a member named like a whiteout fails the build.
 */
class AddArchiveBuildTest {
    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
    }

    private NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    private static void tar(Path file, String... members) throws IOException {
        Files.createDirectories(file.getParent());
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (String m : members) {
                TarArchiveEntry e;
                byte[] data = new byte[0];
                if (m.contains("->")) {
                    e = new TarArchiveEntry(m.substring(0, m.indexOf("->")), TarConstants.LF_SYMLINK);
                    e.setLinkName(m.substring(m.indexOf("->") + 2));
                } else {
                    String[] kv = m.split("=", 2);
                    e = new TarArchiveEntry(kv[0]);
                    data = kv[1].getBytes(StandardCharsets.UTF_8);
                    e.setSize(data.length);
                }
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
    }

    @Test
    void aFileWrittenThroughTheArchivesOwnLinkStaysInsideTheDestination() throws IOException {
        Path ctx = tmp.resolve("ctx");
        tar(ctx.resolve("evil.tar"), "lnk->/outside", "lnk/file=through the link", "up->/", "up/etc/passwd=not the image's");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nADD evil.tar /dst/\n");
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("add:1"));
        List<String> names = TestBuild.lastLayerNames(root, "add:1");
        assertEquals(List.of("dst/", "dst/etc/", "dst/etc/passwd", "dst/lnk", "dst/outside/", "dst/outside/file", "dst/up"),
                names.stream().sorted().toList());
        Path rootfs = TestBuild.unpack(root, "add:1", tmp.resolve("bundle"));
        assertEquals("/outside", Files.readSymbolicLink(rootfs.resolve("dst/lnk")).toString());
        assertEquals("through the link", Files.readString(rootfs.resolve("dst/outside/file")));
        assertEquals("not the image's", Files.readString(rootfs.resolve("dst/etc/passwd")));
        assertFalse(Files.exists(rootfs.resolve("outside"), LinkOption.NOFOLLOW_LINKS), "nothing at the image's /outside");
        assertTrue(Files.readString(rootfs.resolve("etc/passwd")).startsWith("root:"), "the image's passwd is untouched");
    }

    @Test
    void aMemberNamedLikeAWhiteoutFailsTheBuild() throws IOException {
        Path ctx = tmp.resolve("ctx");
        tar(ctx.resolve("wh.tar"), "etc/.wh.passwd=");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nADD wh.tar /\n");
        BuildException e = assertThrows(BuildException.class,
                () -> TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("wh:1")));
        assertEquals("Dockerfile:2: archive wh.tar: member \"etc/.wh.passwd\" is named like a layer whiteout (.wh.),"
                + " which would delete files of the image; rename it or leave it out of the archive", e.getMessage());
    }
}
