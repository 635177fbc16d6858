package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.context.users.Owner;
import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.BusyboxLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredImageTreeTest {

    @TempDir
    Path tmp;

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(b.length);
        e.setMode(0100000 | mode);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private Path layer(String name, TarBody body) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(p));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            body.write(tar);
        }
        return p;
    }

    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    @Test
    void whiteoutsOpaqueDirectoriesAndPasswdFollowTheLayers() throws IOException {
        LayeredImageTree tree = new LayeredImageTree();
        tree.applyLayer(layer("l1.tgz", tar -> {
            file(tar, "etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n", 0644);
            file(tar, "usr/bin/x", "x", 0755);
            file(tar, "opt/dir/a", "a", 0644);
            TarArchiveEntry l = new TarArchiveEntry("bin", TarConstants.LF_SYMLINK);
            l.setLinkName("usr/bin");
            tar.putArchiveEntry(l);
            tar.closeArchiveEntry();
        }));
        assertEquals(ImageTree.Node.Kind.DIRECTORY, tree.lstat("/usr").orElseThrow().kind(), "implicit parents exist");
        assertEquals("usr/bin", tree.lstat("/bin").orElseThrow().linkTarget());
        tree.applyLayer(layer("l2.tgz", tar -> {
            file(tar, "usr/bin/.wh.x", "", 0);
            file(tar, "opt/dir/.wh..wh..opq", "", 0);
            file(tar, "opt/dir/b", "b", 0600);
            file(tar, "etc/group", "root:x:0:\napp:x:1000:\nstaff:x:50:\n", 0644);
        }));
        assertEquals(Optional.empty(), tree.lstat("/usr/bin/x"));
        assertEquals(Optional.empty(), tree.lstat("/opt/dir/a"));
        assertEquals(0600, tree.lstat("/opt/dir/b").orElseThrow().mode());
        assertEquals(new Owner(1000, 50), tree.users().resolveChown("app:staff"));
        tree.apply(List.of(new LayerEntry.RegularFile("etc/passwd", EntryAttributes.of(0644, 0, 0, Instant.EPOCH),
                Content.ofBytes("svc:x:7:7::/:/bin/false\n".getBytes(StandardCharsets.UTF_8))),
                new LayerEntry.Whiteout("opt/dir")));
        assertEquals(new Owner(7, 7), tree.users().resolveChown("svc"));
        assertEquals(Optional.empty(), tree.lstat("/opt/dir/b"));
    }

    @Test
    void busyboxBaseGivesUsersAndSymlinkedDestinations() throws IOException {
        Path layout = tmp.resolve("layout");
        BusyboxLayout.create(layout, "busybox");
        ObjectMapper json = new ObjectMapper();
        JsonNode index = json.readTree(layout.resolve("index.json").toFile());
        String manifestDigest = index.get("manifests").get(0).get("digest").asText();
        JsonNode manifest = json.readTree(layout.resolve("blobs/sha256/" + manifestDigest.substring(7)).toFile());
        LayeredImageTree tree = new LayeredImageTree();
        for (JsonNode l : manifest.get("layers")) {
            tree.applyLayer(layout.resolve("blobs/sha256/" + l.get("digest").asText().substring(7)));
        }
        assertEquals(new Owner(1000, 1000), tree.users().resolveChown("app"));
        assertEquals(ImageTree.Node.Kind.SYMLINK, tree.lstat("/bin/sh").orElseThrow().kind());
        assertEquals(01777, tree.lstat("/tmp").orElseThrow().mode());

        CopyFixture fx = new CopyFixture(tmp);
        fx.write("hello.txt", "hi");
        fx.image = tree;
        fx.users = tree.users();
        try (CopyPlan plan = fx.plan(false, CopyOptions.fromFlags(false, List.of(dev.strata.dockerfile.model.Flag.of("chown", "app"))),
                "/tmp", "hello.txt")) {
            Map<String, LayerEntry> e = CopyFixture.byPath(plan.layerEntries());
            assertEquals(01777, e.get("tmp").attributes().mode(), "an existing destination directory keeps its metadata");
            assertEquals(1000, e.get("tmp/hello.txt").attributes().uid());
            assertTrue(e.containsKey("tmp/hello.txt"));
        }
    }
}
