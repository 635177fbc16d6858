package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLayersTest {
    private static final Instant TIME = Instant.parse("2025-01-01T00:00:00Z");

    private static JavaLayers.Dependency dep(Path dir, String group, String artifact, String version, boolean snapshot)
            throws IOException {
        Path jar = Files.createDirectories(dir.resolve(group)).resolve(artifact + "-" + version + ".jar");
        Files.writeString(jar, group + ":" + artifact + ":" + version);
        return new JavaLayers.Dependency(group, artifact, version, version, Optional.empty(), "jar", "compile", snapshot, jar,
                Optional.empty());
    }

    @Test
    void jibsFoldersWithOneTimeAndOnlyChangedFilesRewritten(@TempDir Path tmp) throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes/com/example"));
        Files.writeString(classes.resolve("Main.class"), "bytecode");
        Files.writeString(tmp.resolve("classes/app.properties"), "a=1");
        List<JavaLayers.Dependency> deps = List.of(dep(tmp, "org.a", "lib", "1.0", false),
                dep(tmp, "org.b", "lib", "1.0", false), dep(tmp, "org.c", "tool", "2.0-SNAPSHOT", true));
        Path out = tmp.resolve("out");

        JavaLayers.Summary first = new JavaLayers(out, TIME).write(deps, tmp.resolve("classes"));
        assertEquals(new JavaLayers.Summary(2, 1, 1, 1, 5), first);
        // the same artifactId in two groups: the group tells them apart
        assertTrue(Files.isRegularFile(out.resolve("libs/org.a-lib-1.0.jar")));
        assertTrue(Files.isRegularFile(out.resolve("libs/org.b-lib-1.0.jar")));
        assertTrue(Files.isRegularFile(out.resolve("snapshot-libs/tool-2.0-SNAPSHOT.jar")));
        assertEquals("a=1", Files.readString(out.resolve("resources/app.properties")));
        assertEquals("bytecode", Files.readString(out.resolve("classes/com/example/Main.class")));
        assertEquals(FileTime.from(TIME), Files.getLastModifiedTime(out.resolve("classes/com/example")));
        assertEquals(FileTime.from(TIME), Files.getLastModifiedTime(out.resolve("libs/org.a-lib-1.0.jar")));
        assertFalse(Files.exists(out.resolve("resources/com")), "class folders stay out of resources/");

        // a changed class, a dropped dependency, a deleted resource: only that is touched
        Files.writeString(classes.resolve("Main.class"), "bytecode 2");
        Files.delete(tmp.resolve("classes/app.properties"));
        JavaLayers.Summary second = new JavaLayers(out, TIME).write(deps.subList(0, 1), tmp.resolve("classes"));
        assertEquals(new JavaLayers.Summary(1, 0, 0, 1, 2), second);
        assertTrue(Files.isRegularFile(out.resolve("libs/lib-1.0.jar")));
        assertFalse(Files.exists(out.resolve("libs/org.a-lib-1.0.jar")));
        assertFalse(Files.exists(out.resolve("snapshot-libs/tool-2.0-SNAPSHOT.jar")));
        assertTrue(Files.isDirectory(out.resolve("snapshot-libs")), "an empty folder stays for its COPY");
        assertFalse(Files.exists(out.resolve("resources/app.properties")));
        assertEquals(FileTime.from(TIME), Files.getLastModifiedTime(out.resolve("libs")));

        assertEquals(0, new JavaLayers(out, TIME).write(deps.subList(0, 1), tmp.resolve("classes")).rewritten());
    }

    @Test
    void aLinkInTheClassesIsNotFollowed(@TempDir Path tmp) throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(classes.resolve("link.txt"), tmp.resolve("secret.txt"));
        new JavaLayers(tmp.resolve("out"), TIME).write(List.of(), classes);
        assertFalse(Files.exists(tmp.resolve("out/resources/link.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
