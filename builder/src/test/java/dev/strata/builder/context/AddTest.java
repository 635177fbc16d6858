package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.dockerfile.model.Flag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddTest {

    @TempDir
    Path tmp;
    CopyFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new CopyFixture(tmp);
    }

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static Compressor compressor(String kind) {
        return switch (kind) {
            case "tar" -> out -> out;
            case "gzip" -> GzipCompressorOutputStream::new;
            case "bzip2" -> BZip2CompressorOutputStream::new;
            case "xz" -> XZCompressorOutputStream::new;
            case "zstd" -> ZstdCompressorOutputStream::new;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A tar with a directory, a file (uid 1000, 0750), a symlink and a hard link. */
    private byte[] archive(String kind, Function<TarArchiveOutputStream, Void> extra) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressor(kind).wrap(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry("pkg/");
            dir.setMode(040755);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("pkg/bin/tool");
            file.setSize(data.length);
            file.setMode(0100750);
            file.setUserId(1000);
            file.setGroupId(1000);
            tar.putArchiveEntry(file);
            tar.write(data);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("pkg/current", TarConstants.LF_SYMLINK);
            link.setLinkName("bin/tool");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("pkg/tool-again", TarConstants.LF_LINK);
            hard.setLinkName("pkg/bin/tool");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
            if (extra != null) {
                extra.apply(tar);
            }
        }
        return bytes.toByteArray();
    }

    /** The entries, with each regular file's content read before the plan deletes its scratch files. */
    private Map<String, LayerEntry> add(String dest, CopyOptions options, String... sources) {
        try (CopyPlan plan = fx.plan(true, options, dest, sources)) {
            Map<String, LayerEntry> out = new java.util.TreeMap<>();
            for (LayerEntry e : plan.layerEntries()) {
                if (e instanceof LayerEntry.RegularFile f) {
                    try {
                        e = new LayerEntry.RegularFile(f.path(), f.attributes(),
                                dev.strata.builder.layer.Content.ofBytes(CopyFixture.content(f).getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }
                out.put(e.path(), e);
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "gzip", "bzip2", "xz", "zstd"})
    void localArchivesAreExtractedWhateverTheirNameOrCompression(String kind) throws IOException {
        Files.write(fx.context.resolve("release.bin"), archive(kind, null));
        Map<String, LayerEntry> e = add("/opt", CopyOptions.none(), "release.bin");
        assertEquals(Set.of("opt", "opt/pkg", "opt/pkg/bin", "opt/pkg/bin/tool", "opt/pkg/current", "opt/pkg/tool-again"), e.keySet());
        assertEquals("payload", CopyFixture.content(e.get("opt/pkg/bin/tool")));
        assertEquals(0750, e.get("opt/pkg/bin/tool").attributes().mode());
        assertEquals(1000, e.get("opt/pkg/bin/tool").attributes().uid(), "archive owners are kept");
        assertEquals("bin/tool", assertInstanceOf(LayerEntry.Symlink.class, e.get("opt/pkg/current")).target());
        assertEquals("opt/pkg/bin/tool", assertInstanceOf(LayerEntry.Hardlink.class, e.get("opt/pkg/tool-again")).target());
    }

    @Test
    void archiveDigestIsTheArchivesContentAndChownOverridesOwners() throws IOException {
        byte[] tgz = archive("gzip", null);
        Files.write(fx.context.resolve("a.tgz"), tgz);
        CopyOptions chown = CopyOptions.fromFlags(true, List.of(Flag.of("chown", "7:8")));
        try (CopyPlan plan = fx.plan(true, chown, "/x/", "a.tgz")) {
            SourceDigest d = plan.sourceDigests().stream().filter(s -> s.type().equals("archive")).findFirst().orElseThrow();
            assertEquals(dev.strata.builder.context.digest.FileDigester.sha256(tgz), d.digest());
            LayerEntry tool = CopyFixture.byPath(plan.layerEntries()).get("x/pkg/bin/tool");
            assertEquals(7, tool.attributes().uid());
            assertEquals(8, tool.attributes().gid());
        }
    }

    @Test
    void nonArchivesAndUnpackFalseAreCopiedAsIs() throws IOException {
        fx.write("notes.tar.gz", "not really an archive");
        Map<String, LayerEntry> e = add("/d/", CopyOptions.none(), "notes.tar.gz");
        assertEquals("not really an archive", CopyFixture.content(e.get("d/notes.tar.gz")));
        Files.write(fx.context.resolve("real.tar"), archive("tar", null));
        e = add("/d/", CopyOptions.fromFlags(true, List.of(Flag.of("unpack", "false"))), "real.tar");
        assertTrue(e.containsKey("d/real.tar"));
        assertFalse(e.containsKey("d/pkg"));
        try (CopyPlan plan = fx.plan(false, CopyOptions.none(), "/d/", "real.tar")) {
            assertTrue(CopyFixture.byPath(plan.layerEntries()).containsKey("d/real.tar"), "COPY never extracts");
        }
    }

    @Test
    void membersEscapingTheDestinationAreRejected() throws IOException {
        Files.write(fx.context.resolve("evil.tar"), archive("tar", tar -> {
            entry(tar, new TarArchiveEntry("../../etc/passwd"));
            return null;
        }));
        CopyException e = assertThrows(CopyException.class, () -> add("/x", CopyOptions.none(), "evil.tar"));
        assertEquals("archive evil.tar: member \"../../etc/passwd\" points outside the destination", e.getMessage());
        Files.write(fx.context.resolve("evil3.tar"), archive("tar", tar -> {
            TarArchiveEntry h = new TarArchiveEntry("h", TarConstants.LF_LINK);
            h.setLinkName("../outside");
            entry(tar, h);
            return null;
        }));
        assertThrows(CopyException.class, () -> add("/x", CopyOptions.none(), "evil3.tar"));
    }

    /**
     * Docker's untar runs chrooted into the destination, so a relative link climbing above it is kept
     * as written and members behind it land in the destination itself (buildah's conformance case
     * add-parent-symlink: {@code symldir1 -> ..}, then {@code symldir1/etc/myfile}).
     */
    @Test
    void symlinksClimbingAboveTheDestinationAreKeptAndMembersBehindThemStayInside() throws IOException {
        Files.write(fx.context.resolve("parent.tar"), archive("tar", tar -> {
            TarArchiveEntry up = new TarArchiveEntry("symldir1", TarConstants.LF_SYMLINK);
            up.setLinkName("..");
            entry(tar, up);
            TarArchiveEntry far = new TarArchiveEntry("far", TarConstants.LF_SYMLINK);
            far.setLinkName("../../../etc");
            entry(tar, far);
            entry(tar, new TarArchiveEntry("symldir1/etc/myfile"), "hello\n".getBytes(StandardCharsets.UTF_8));
            return null;
        }));
        Map<String, LayerEntry> e = add("/testsubdir", CopyOptions.none(), "parent.tar");
        assertEquals("..", assertInstanceOf(LayerEntry.Symlink.class, e.get("testsubdir/symldir1")).target());
        assertEquals("../../../etc", assertInstanceOf(LayerEntry.Symlink.class, e.get("testsubdir/far")).target());
        assertEquals("hello\n", CopyFixture.content(e.get("testsubdir/etc/myfile")));
        assertFalse(e.keySet().stream().anyMatch(p -> !p.startsWith("testsubdir")), e.keySet().toString());
    }

    /**
     * Docker's untar sets a member's {@code SCHILY.xattr.*} records on the file it writes, so its
     * layer carries them (buildah's conformance case xattrs-file-in-archive); overlay's own markers
     * never come from an archive.
     */
    @Test
    void userXattrsOfArchiveMembersAreKept() throws IOException {
        Files.write(fx.context.resolve("x.tar"), archive("tar", tar -> {
            TarArchiveEntry file = new TarArchiveEntry("xattr-file");
            file.setMode(0100640);
            file.addPaxHeader("SCHILY.xattr.user.a", "test");
            file.addPaxHeader("SCHILY.xattr.trusted.overlay.opaque", "y");
            file.addPaxHeader("SCHILY.xattr.user.overlay.redirect", "/etc");
            entry(tar, file, "whatever".getBytes(StandardCharsets.UTF_8));
            return null;
        }));
        Map<String, LayerEntry> e = add("/", CopyOptions.none(), "x.tar");
        Map<String, byte[]> xattrs = e.get("xattr-file").attributes().xattrs();
        assertEquals(Set.of("user.a"), xattrs.keySet());
        assertEquals("test", new String(xattrs.get("user.a"), StandardCharsets.UTF_8));
        assertTrue(e.get("pkg/bin/tool").attributes().xattrs().isEmpty());
    }

    @Test
    void checksumIsOnlyForUrlsAndGitIsNotSupported() throws IOException {
        fx.write("local.txt", "x");
        CopyOptions checksum = CopyOptions.fromFlags(true, List.of(Flag.of("checksum", "sha256:" + "0".repeat(64))));
        assertEquals("ADD --checksum requires an HTTP(S) source, not \"local.txt\"",
                assertThrows(CopyException.class, () -> add("/", checksum, "local.txt")).getMessage());
        assertEquals("checksum can't be specified for multiple sources",
                assertThrows(CopyException.class, () -> add("/d/", checksum, "local.txt", "local.txt")).getMessage());
        assertEquals("ADD from a git repository (https://github.com/moby/buildkit.git#v0.10.1) is not supported by Strata",
                assertThrows(CopyException.class, () -> add("/src", CopyOptions.none(),
                        "https://github.com/moby/buildkit.git#v0.10.1")).getMessage());
        assertEquals("source can't be a URL for COPY: http://127.0.0.1:1/x (use ADD)",
                assertThrows(CopyException.class, () -> fx.plan(false, CopyOptions.none(), "/", "http://127.0.0.1:1/x")).getMessage());
    }

    private static void entry(TarArchiveOutputStream tar, TarArchiveEntry e) {
        entry(tar, e, new byte[0]);
    }

    /** A member with content ({@code e}'s size is set to it). */
    private static void entry(TarArchiveOutputStream tar, TarArchiveEntry e, byte[] data) {
        try {
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }
}
