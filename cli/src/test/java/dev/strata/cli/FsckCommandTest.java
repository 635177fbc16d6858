package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob damaged on disk is never exported or pushed: save (OCI and docker), a build's OCI output
 * and push fail naming it, with no partial output; {@code strata fsck} reports it and exits 1.
 */
class FsckCommandTest {
    @TempDir
    Path tmp;

    private LocalRegistry registry;

    @AfterEach
    void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aCorruptBlobIsNamedByExportsAndPushAndFoundByFsck() throws Exception {
        Path root = tmp.resolve("store");
        ImageCommandsTest.build(tmp, root, "app:1.0", ImageCommandsTest.APP, "hello\n");
        CliRun sound = ImageCommandsTest.strata(root, "fsck");
        assertEquals(0, sound.exitCode(), sound.out() + sound.err());
        assertTrue(sound.out().matches("checked [0-9]+ blobs and 1 images: no problems\n"), sound.out());

        JsonNode manifest = ImageCommandsTest.manifest(root, "app:1.0");
        String layer = manifest.get("layers").get(0).get("digest").asText();
        Path blob = root.resolve("blobs/sha256").resolve(layer.substring(7));
        flipByte(blob, Files.size(blob) / 2);
        String named = "error: blob " + layer + " in the store " + root + " is corrupt (its ";

        for (String format : List.of("oci", "docker")) {
            Path out = tmp.resolve("app-" + format + ".tar");
            CliRun save = ImageCommandsTest.strata(root, "save", "--format", format, "-o", out.toString(), "app:1.0");
            assertEquals(1, save.exitCode(), format);
            assertEquals(1, save.err().lines().count(), save.err());
            assertTrue(save.err().startsWith(named), save.err());
            assertFalse(Files.exists(out), "no partial " + format + " archive");
        }

        Path ctx = tmp.resolve("ctx-app-1.0");
        Path layout = tmp.resolve("layout");
        CliRun build = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-o", "type=oci,tar=false,dest=" + layout, ctx.toString());
        assertEquals(1, build.exitCode(), build.err());
        assertTrue(build.err().contains("blob " + layer + " in the store " + root + " is corrupt"), build.err());
        assertFalse(Files.exists(layout), "no partial layout directory");

        registry = LocalRegistry.start(tmp.resolve("registry"), null, null);
        String remote = registry.host() + "/team/app:1.0";
        CliRun push = ImageCommandsTest.strata(root, "push", "--insecure-registry", registry.host(), "app:1.0", remote);
        assertEquals(1, push.exitCode(), push.out());
        assertEquals(1, push.err().lines().count(), push.err());
        assertTrue(push.err().contains("blob " + layer + " in the store " + root + " is corrupt"), push.err());
        assertEquals(1, ExternalTool.run("skopeo", "inspect", "--tls-verify=false", "docker://" + remote).exitCode(),
                "nothing was tagged in the registry");

        String config = manifest.get("config").get("digest").asText();
        Files.delete(root.resolve("blobs/sha256").resolve(config.substring(7)));
        CliRun fsck = ImageCommandsTest.strata(root, "fsck");
        assertEquals(1, fsck.exitCode(), fsck.out());
        List<String> lines = fsck.out().lines().toList();
        assertEquals(3, lines.size(), fsck.out());
        assertTrue(lines.get(0).matches("blob " + layer + ": corrupt \\(its [0-9]+ bytes hash to sha256:[0-9a-f]{64}\\)"), lines.get(0));
        assertEquals("image app:1.0: config " + config + " is missing", lines.get(1));
        assertEquals("image app:1.0: layer " + layer + " is corrupt", lines.get(2));

        // what the error advises: delete the damaged blob and build again
        Files.delete(blob);
        ImageCommandsTest.build(tmp, root, "app:1.0", ImageCommandsTest.APP, "hello\n");
        CliRun repaired = ImageCommandsTest.strata(root, "fsck");
        assertEquals(0, repaired.exitCode(), repaired.out());
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }
}
