package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerWriter;
import dev.strata.builder.rootfs.LayerStore;
import dev.strata.builder.rootfs.RootfsView;
import dev.strata.builder.rootfs.Xattrs;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RUN → layer tar → extracted layer → next RUN: the whiteouts survive the trip (GNU tar reads them
 * as OCI whiteout names), an adopted upper directory is reused without re-extraction, and a
 * layer extracted from the tar behaves as the upper directory it came from.
 */
class LayerRoundTripTest {
    static Path dir;
    static Path base;

    @BeforeAll
    static void setUp() throws Exception {
        Tools.require("runc");
        dir = Files.createTempDirectory("strata-roundtrip");
        base = BusyboxRoot.create(Files.createDirectories(dir.resolve("base")));
    }

    @AfterAll
    static void tearDown() {
        if (dir != null) {
            Command.ok("rm", "-rf", dir.toString());
        }
    }

    @Test
    void runLayerTarExtractAndRunAgain() throws Exception {
        Path storeRoot = dir.resolve("store");
        LayerStore layers = new LayerStore(storeRoot);
        BlobStore blobs = BlobStore.open(dir.resolve("blobs"));
        LayerWriter writer = new LayerWriter(blobs, Compression.GZIP, Instant.EPOCH);
        try (RunExecutor executor = new RunExecutor(ExecOptions.of(storeRoot))) {
            Layer layer;
            Path adopted;
            try (RunOutcome run = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c",
                    "rm /etc/group && rm -rf /home && mkdir /home && echo hi > /home/new && ln /home/new /home/link"),
                    List.of(), "/", ""), l -> {})) {
                layer = writer.write(run.changes()).orElseThrow();
                adopted = run.adopt(layers, layer.diffId().hex());
            }
            Path blob = blobs.path(layer.digest());
            String listing = Command.ok("tar", "-tzvf", blob.toString());
            assertTrue(listing.contains("etc/.wh.group"), listing);
            assertTrue(listing.contains("home/.wh..wh..opq"), listing);
            assertTrue(listing.contains("link to home/"), listing);

            assertEquals(adopted, layers.extract(blob, layer.diffId().hex(), n -> {}), "adopted, not extracted again");
            Path fresh = new LayerStore(dir.resolve("other")).extract(blob, layer.diffId().hex(), n -> {});
            Map<String, Object> wh = Files.readAttributes(fresh.resolve("etc/group"), "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
            assertEquals(0100000, (Integer) wh.get("mode") & 0170000, "an xattr whiteout, no device node");
            assertTrue(Xattrs.isWhiteout(fresh.resolve("etc/group")));
            assertTrue(Xattrs.isOpaque(fresh.resolve("home")));

            for (Path top : List.of(adopted, fresh)) {
                List<String> out = new ArrayList<>();
                try (RunOutcome next = executor.run(List.of(top, base), RunRequest.of(List.of("/bin/sh", "-c",
                        "ls /home; test -e /etc/group || echo no-group; stat -c %h /home/new"), List.of(), "/", ""), out::add)) {
                    assertEquals(List.of("link", "new", "no-group", "2"), out, "stacked on " + top);
                }
            }
            try (RootfsView view = RootfsView.open(List.of(fresh, base), storeRoot.resolve("tmp"), n -> {})) {
                assertEquals("hi\n", Files.readString(view.root().resolve("home/new")));
                assertTrue(Files.notExists(view.root().resolve("home/app")));
            }
        }
    }
}
