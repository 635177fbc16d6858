package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata save} and {@code strata load}: archives skopeo reads, round trips into a fresh store. */
class SaveLoadCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"oci, oci-archive", "docker, docker-archive"})
    void saveThenLoadIntoAFreshStoreKeepsTheImageId(String format, String transport) throws IOException {
        Path root = tmp.resolve("store");
        ImageCommandsTest.build(tmp, root, "app:1.0", ImageCommandsTest.APP, "hello\n");
        assertEquals(0, ImageCommandsTest.strata(root, "tag", "app:1.0", "app:latest").exitCode());
        String id = ImageCommandsTest.manifest(root, "app:1.0").get("config").get("digest").asText();
        Path archive = tmp.resolve("app.tar");

        CliRun save = ImageCommandsTest.strata(root, "save", "-o", archive.toString(), "--format", format, "app:1.0", "app");
        assertEquals(0, save.exitCode(), save.err());
        // an OCI archive names the image per tag (ref.name = "1.0"), as BuildKit's type=oci output does
        String source = transport + ":" + archive + (format.equals("oci") ? ":1.0" : "");
        JsonNode config = ExternalTool.skopeo("inspect", "--config", source);
        assertEquals("/hello.txt", config.get("config").get("Cmd").get(0).asText());

        Path fresh = tmp.resolve("fresh");
        CliRun load = ImageCommandsTest.strata(fresh, "load", "-i", archive.toString());
        assertEquals(0, load.exitCode(), load.err());
        assertTrue(load.out().contains("Loaded image: app:1.0 (" + id + ")"), load.out());
        assertTrue(load.out().contains("Loaded image: app:latest (" + id + ")"), load.out());
        assertEquals(id, ImageCommandsTest.manifest(fresh, "app:1.0").get("config").get("digest").asText());
        assertEquals(id.substring(7, 19), ImageCommandsTest.strata(fresh, "images", "-q").out().strip());
        // the loaded image is complete: skopeo copies it and umoci unpacks the file
        ExternalTool.ok("skopeo", "copy", "oci:" + fresh + ":app:latest", "oci:" + tmp.resolve("copy") + ":app");
        ExternalTool.ok("umoci", "unpack", "--image", tmp.resolve("copy") + ":app", tmp.resolve("bundle").toString());
        assertEquals("hello\n", Files.readString(tmp.resolve("bundle/rootfs/hello.txt")));
    }

    @Test
    void loadsAnArchiveSkopeoWrote() throws IOException {
        Path root = tmp.resolve("store");
        ImageCommandsTest.build(tmp, root, "app:1.0", ImageCommandsTest.APP, "hello\n");
        String id = ImageCommandsTest.manifest(root, "app:1.0").get("config").get("digest").asText();
        Path archive = tmp.resolve("skopeo.tar");
        ExternalTool.ok("skopeo", "copy", "oci:" + root + ":app:1.0", "docker-archive:" + archive + ":other/app:2");

        Path fresh = tmp.resolve("fresh");
        CliRun load = ImageCommandsTest.strata(fresh, "load", "-i", archive.toString());
        assertEquals(0, load.exitCode(), load.err());
        assertEquals("Loaded image: other/app:2 (" + id + ")\n", load.out());
        ExternalTool.skopeo("inspect", "oci:" + fresh + ":other/app:2");
    }

    @Test
    void badArchivesFailWithOneLineAndLoadNothing() throws IOException {
        Path root = tmp.resolve("store");
        Path junk = Files.writeString(tmp.resolve("junk.tar"), "not a tar at all");
        CliRun load = ImageCommandsTest.strata(root, "load", "-i", junk.toString());
        assertEquals(1, load.exitCode());
        assertEquals(1, load.err().lines().count(), load.err());
        assertTrue(load.err().startsWith("error: " + junk + ": "), load.err());
        assertEquals("", ImageCommandsTest.strata(root, "images", "-q").out());

        CliRun missing = ImageCommandsTest.strata(root, "save", "-o", tmp.resolve("out.tar").toString(), "nosuch:1");
        assertEquals(1, missing.exitCode());
        assertEquals("error: No such image: nosuch:1\n", missing.err());
        assertFalse(Files.exists(tmp.resolve("out.tar")));
    }
}
