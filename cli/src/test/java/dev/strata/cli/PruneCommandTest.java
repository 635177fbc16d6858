package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata prune}: frees what no named image needs, never what one does. */
class PruneCommandTest {
    @TempDir
    Path tmp;

    private static Path blob(Path root, String digest) {
        return root.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    private static List<String> blobsOf(JsonNode manifest) {
        List<String> digests = new ArrayList<>();
        digests.add(manifest.get("config").get("digest").asText());
        manifest.get("layers").forEach(l -> digests.add(l.get("digest").asText()));
        return digests;
    }

    @Test
    void pruneRemovesAnUntaggedImageAndKeepsTheTaggedOneWhole() throws IOException {
        Path root = tmp.resolve("store");
        ImageCommandsTest.build(tmp, root, "keep:1", ImageCommandsTest.APP, "kept\n");
        ImageCommandsTest.build(tmp, root, "drop:1", ImageCommandsTest.APP + "ENV DROP=1\n", "dropped\n");
        JsonNode kept = ImageCommandsTest.manifest(root, "keep:1");
        JsonNode dropped = ImageCommandsTest.manifest(root, "drop:1");
        assertEquals(0, ImageCommandsTest.strata(root, "rmi", "drop:1").exitCode());

        // nothing is older than an hour yet: the filter keeps everything
        CliRun young = ImageCommandsTest.strata(root, "prune", "--filter", "until=1h");
        assertEquals(0, young.exitCode(), young.err());
        assertTrue(young.out().startsWith("Deleted 0 blobs, "), young.out());
        blobsOf(dropped).forEach(d -> assertTrue(Files.exists(blob(root, d)), d));

        CliRun prune = ImageCommandsTest.strata(root, "prune", "-f");
        assertEquals(0, prune.exitCode(), prune.err());
        assertTrue(prune.out().matches("(?s)Deleted [1-9][0-9]* blobs, [1-9][0-9]* cache entries, .*Total reclaimed space: [0-9.]+[kM]?B\n"), prune.out());
        for (String d : blobsOf(dropped)) {
            if (!blobsOf(kept).contains(d)) {
                assertFalse(Files.exists(blob(root, d)), "unused blob " + d + " removed");
            }
        }
        blobsOf(kept).forEach(d -> assertTrue(Files.exists(blob(root, d)), "needed blob " + d + " kept"));

        ExternalTool.ok("skopeo", "copy", "oci:" + root + ":keep:1", "oci:" + tmp.resolve("copy") + ":keep");
        ExternalTool.ok("umoci", "unpack", "--image", tmp.resolve("copy") + ":keep", tmp.resolve("bundle").toString());
        assertEquals("kept\n", Files.readString(tmp.resolve("bundle/rootfs/hello.txt")));

        // the kept image's steps stay cached; the dropped one's cache entries went with its layer
        Path ctx = tmp.resolve("ctx-keep-1");
        CliRun rebuild = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-t", "keep:1", ctx.toString());
        assertEquals(0, rebuild.exitCode(), rebuild.err());
        assertTrue(rebuild.err().lines().anyMatch(l -> l.matches("#[0-9]+ CACHED")), rebuild.err());
        Path dropCtx = tmp.resolve("ctx-drop-1");
        CliRun again = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-t", "drop:1", dropCtx.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(dropped, ImageCommandsTest.manifest(root, "drop:1"), "rebuilt after prune, same image");
    }

    @Test
    void keepStorageStopsOnceTheBlobsFit() throws IOException {
        Path root = tmp.resolve("store");
        ImageCommandsTest.build(tmp, root, "keep:1", ImageCommandsTest.APP, "kept\n");
        ImageCommandsTest.build(tmp, root, "drop:1", ImageCommandsTest.APP, "x".repeat(200_000));
        assertEquals(0, ImageCommandsTest.strata(root, "rmi", "drop:1").exitCode());
        long before = blobBytes(root);

        CliRun generous = ImageCommandsTest.strata(root, "prune", "--keep-storage", "10MB");
        assertEquals(0, generous.exitCode(), generous.err());
        assertEquals(before, blobBytes(root), "everything fits in 10MB: nothing removed");

        CliRun tight = ImageCommandsTest.strata(root, "prune", "--keep-storage", "0");
        assertEquals(0, tight.exitCode(), tight.err());
        assertTrue(blobBytes(root) < before, tight.out());
        ExternalTool.skopeo("inspect", "oci:" + root + ":keep:1");
        ExternalTool.ok("skopeo", "copy", "oci:" + root + ":keep:1", "oci:" + tmp.resolve("copy") + ":keep");
    }

    private static long blobBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("blobs/sha256"))) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
