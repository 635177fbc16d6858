package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerWriter;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COPY's entries written by the real layer writer and unpacked by GNU tar: what a user of the
 * image would see (owners, modes, symlinks, shared inodes, nothing from outside the context).
 */
class CopyLayerTest {

    @TempDir
    Path tmp;

    @Test
    void layerOfACopyUnpacksWithOwnersModesLinksAndHardlinks() throws IOException {
        CopyFixture fx = new CopyFixture(tmp);
        fx.users = UserDatabase.parse("app:x:1000:1000::/home/app:/bin/sh\n", "app:x:1000:\n");
        fx.write("site/index.html", "<h1>hi</h1>");
        Path a = fx.write("site/bin/run", "#!/bin/sh\n");
        Files.setPosixFilePermissions(a, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.createLink(fx.context.resolve("site/bin/run-again"), a);
        Files.createSymbolicLink(fx.context.resolve("site/latest"), Path.of("index.html"));
        Files.createSymbolicLink(fx.context.resolve("site/etc"), Path.of("/etc"));

        BlobStore blobs = BlobStore.open(tmp.resolve("blobs"));
        Layer layer;
        try (CopyPlan plan = fx.plan(false, CopyOptions.fromFlags(false,
                List.of(dev.strata.dockerfile.model.Flag.of("chown", "app"))), "/srv/www", "site")) {
            layer = new LayerWriter(blobs, Compression.GZIP, Instant.EPOCH).write(plan.layerEntries()).orElseThrow();
        }
        Path out = Files.createDirectories(tmp.resolve("unpacked"));
        Command.ok("tar", "-xzpf", blobs.path(layer.digest()).toString(), "--same-owner", "-C", out.toString());
        Path www = out.resolve("srv/www");
        assertEquals("<h1>hi</h1>", Files.readString(www.resolve("index.html")));
        assertEquals(1000, Files.getAttribute(www.resolve("bin/run"), "unix:uid"));
        assertEquals(1000, Files.getAttribute(www.resolve("bin/run"), "unix:gid"));
        assertEquals(0750, (Integer) Files.getAttribute(www.resolve("bin/run"), "unix:mode") & 07777);
        assertEquals(Files.getAttribute(www.resolve("bin/run"), "unix:ino"), Files.getAttribute(www.resolve("bin/run-again"), "unix:ino"),
                "hard links share an inode");
        assertEquals(Path.of("index.html"), Files.readSymbolicLink(www.resolve("latest")));
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(www.resolve("etc")), "a symlink inside a copied dir stays a symlink");
        String listing = Command.ok("tar", "-tzf", blobs.path(layer.digest()).toString());
        assertFalse(listing.contains("srv/www/etc/"), "nothing is read through the symlink:\n" + listing);
        assertEquals(1000, Files.getAttribute(out.resolve("srv"), "unix:uid"), "created parents get the --chown owner");
    }
}
