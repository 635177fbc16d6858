package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.builder.layer.LayerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD extracts an archive as Docker's untar does, chrooted into the destination: a member behind a
 * symlink (the archive's own or the image's) lands where the link leads inside the destination,
 * never as a path through the link; members named like whiteouts are refused.
 */
class AddArchiveLinksTest {
    @TempDir
    Path tmp;
    CopyFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new CopyFixture(tmp);
    }

    /** Tar members: "dir/", "file=content", "link->target", "hard=>target". */
    private void tar(String name, String... members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String m : members) {
                TarArchiveEntry e;
                byte[] data = new byte[0];
                if (m.contains("->")) {
                    e = new TarArchiveEntry(m.substring(0, m.indexOf("->")), TarConstants.LF_SYMLINK);
                    e.setLinkName(m.substring(m.indexOf("->") + 2));
                } else if (m.contains("=>")) {
                    e = new TarArchiveEntry(m.substring(0, m.indexOf("=>")), TarConstants.LF_LINK);
                    e.setLinkName(m.substring(m.indexOf("=>") + 2));
                } else if (m.endsWith("/")) {
                    e = new TarArchiveEntry(m);
                    e.setMode(040700);
                } else {
                    String[] kv = m.split("=", 2);
                    e = new TarArchiveEntry(kv[0]);
                    data = (kv.length > 1 ? kv[1] : "").getBytes(StandardCharsets.UTF_8);
                    e.setSize(data.length);
                    e.setMode(0100640);
                }
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        Files.write(fx.context.resolve(name), bytes.toByteArray());
    }

    /** The layer as "tar name: kind" lines, in tar-name order. */
    private List<String> layer(String dest, String archive) throws IOException {
        try (CopyPlan plan = fx.plan(true, CopyOptions.none(), dest, archive)) {
            Map<String, String> out = new TreeMap<>();
            for (LayerEntry e : plan.layerEntries()) {
                String kind;
                if (e instanceof LayerEntry.Directory d) {
                    kind = "dir " + Integer.toOctalString(d.attributes().mode()) + " " + d.attributes().uid();
                } else if (e instanceof LayerEntry.RegularFile f) {
                    kind = "file " + CopyFixture.content(f);
                } else if (e instanceof LayerEntry.Symlink s) {
                    kind = "-> " + s.target();
                } else if (e instanceof LayerEntry.Hardlink h) {
                    kind = "=> " + h.target();
                } else if (e instanceof LayerEntry.OpaqueWhiteout) {
                    kind = "opaque";
                } else {
                    kind = e.getClass().getSimpleName();
                }
                out.put(e.tarName(), kind);
            }
            List<String> lines = new ArrayList<>();
            out.forEach((k, v) -> lines.add(k + ": " + v));
            return lines;
        }
    }

    private String error(String dest, String archive) {
        return assertThrows(CopyException.class, () -> layer(dest, archive)).getMessage();
    }

    @Test
    void aMemberBehindAnAbsoluteLinkLandsWhereTheLinkLeadsInsideTheDestination() throws IOException {
        tar("evil.tar", "lnk->/outside", "lnk/file=through");
        assertEquals(List.of("dst: dir 755 0", "dst/lnk: -> /outside", "dst/outside: dir 755 0", "dst/outside/file: file through"),
                layer("/dst/", "evil.tar"));
        tar("deep.tar", "lnk->/etc/../../../../outside/x", "lnk/y/file=deep");
        assertEquals(List.of("lnk: -> /etc/../../../../outside/x", "outside: dir 755 0", "outside/x: dir 755 0",
                "outside/x/y: dir 755 0", "outside/x/y/file: file deep"), layer("/", "deep.tar"));
    }

    @Test
    void relativeLinksAndLinksToLinksAreFollowedInsideTheDestination() throws IOException {
        tar("rel.tar", "real/", "a->real", "b->a/../a", "b/file=via b", "real/up->..", "real/up/top=top");
        assertEquals(List.of("d: dir 755 0", "d/a: -> real", "d/b: -> a/../a", "d/real: dir 700 0", "d/real/file: file via b",
                "d/real/up: -> ..", "d/top: file top"), layer("/d", "rel.tar"));
    }

    @Test
    void theImagesLinksBelowTheDestinationAreFollowedWithTheDestinationAsRoot() throws IOException {
        fx.image = path -> switch (path) {
            case "/srv" -> Optional.of(new ImageTree.Node(ImageTree.Node.Kind.DIRECTORY, 0755, 0, 0, ""));
            case "/srv/conf" -> Optional.of(new ImageTree.Node(ImageTree.Node.Kind.SYMLINK, 0777, 0, 0, "/etc"));
            case "/srv/etc" -> Optional.of(new ImageTree.Node(ImageTree.Node.Kind.DIRECTORY, 0750, 5, 5, ""));
            default -> Optional.empty();
        };
        tar("conf.tar", "conf/app.ini=ini");
        assertEquals(List.of("srv: dir 755 0", "srv/etc: dir 750 5", "srv/etc/app.ini: file ini"), layer("/srv", "conf.tar"));
    }

    @Test
    void hardLinksAreResolvedLikeMembersAndMustNameAFile() throws IOException {
        tar("hard.tar", "lnk->/data", "data/", "data/f=content", "h=>lnk/f");
        assertEquals(List.of("x: dir 755 0", "x/data: dir 700 0", "x/data/f: file content", "x/h: => x/data/f", "x/lnk: -> /data"),
                layer("/x", "hard.tar"));
        tar("dangling.tar", "h=>missing");
        assertEquals("archive dangling.tar: hard link \"h\" -> \"missing\": no such file", error("/x", "dangling.tar"));
    }

    @Test
    void aLaterMemberReplacesAnEarlierOneAndWhatWasBelowIt() throws IOException {
        tar("replace.tar", "d/", "d/old=old", "d=now a file", "lnk->/somewhere", "lnk/", "lnk/new=new");
        assertEquals(List.of("x: dir 755 0", "x/d: file now a file", "x/lnk: dir 700 0", "x/lnk/new: file new"),
                layer("/x", "replace.tar"));
    }

    @Test
    void aDirectoryOfTheImageReplacedThenMadeAgainHidesItsOldContents() throws IOException {
        fx.image = path -> switch (path) {
            case "/x" -> Optional.of(new ImageTree.Node(ImageTree.Node.Kind.DIRECTORY, 0755, 0, 0, ""));
            case "/x/d" -> Optional.of(new ImageTree.Node(ImageTree.Node.Kind.DIRECTORY, 0755, 0, 0, ""));
            case "/x/d/old" -> Optional.of(new ImageTree.Node(ImageTree.Node.Kind.FILE, 0644, 0, 0, ""));
            default -> Optional.empty();
        };
        tar("again.tar", "d=file", "d/", "d/new=new");
        assertEquals(List.of("x: dir 755 0", "x/d: dir 700 0", "x/d/.wh..wh..opq: opaque", "x/d/new: file new"),
                layer("/x", "again.tar"));
    }

    @Test
    void brokenPathsAreClearErrors() throws IOException {
        tar("loop.tar", "l1->l2", "l2->l1", "l1/f=x");
        assertEquals("archive loop.tar: member \"l1/f\": too many levels of symbolic links", error("/x", "loop.tar"));
        tar("notdir.tar", "f=x", "f/g=y");
        assertEquals("archive notdir.tar: member \"f/g\": \"f\" is not a directory", error("/x", "notdir.tar"));
    }

    @Test
    void membersNamedLikeWhiteoutsAreRefused() throws IOException {
        tar("wh.tar", "etc/", "etc/.wh.passwd");
        assertEquals("archive wh.tar: member \"etc/.wh.passwd\" is named like a layer whiteout (.wh.),"
                + " which would delete files of the image; rename it or leave it out of the archive", error("/", "wh.tar"));
        tar("opq.tar", "usr/.wh..wh..opq");
        assertEquals("archive opq.tar: member \"usr/.wh..wh..opq\" is named like a layer whiteout (.wh.),"
                + " which would delete files of the image; rename it or leave it out of the archive", error("/", "opq.tar"));
    }

    @Test
    void overlongPathsAndControlCharactersInNamesAreRefusedOrShownEscaped() throws IOException {
        tar("long.tar", "d/" + "x".repeat(5000) + "=long");
        assertEquals("archive long.tar: member \"d/" + "x".repeat(62) + "...\": a path longer than 4096 characters",
                error("/", "long.tar"));
        tar("longlink.tar", "l->/" + "y".repeat(5000));
        assertEquals("archive longlink.tar: member \"l\": a path longer than 4096 characters", error("/", "longlink.tar"));
        tar("escape.tar", "d/.wh.\u001b[2Jbuild succeeded=");
        assertEquals("archive escape.tar: member \"d/.wh.\\x1b[2Jbuild succeeded\" is named like a layer whiteout (.wh.),"
                + " which would delete files of the image; rename it or leave it out of the archive", error("/", "escape.tar"));
    }
}
