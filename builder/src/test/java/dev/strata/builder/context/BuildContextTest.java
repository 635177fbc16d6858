package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    @TempDir
    Path tmp;
    CopyFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new CopyFixture(tmp);
        fx.write("Dockerfile", "FROM scratch\n");
        fx.write("app/main.c", "int main;");
        fx.write("app/build/out.o", "obj");
        fx.write("docs/guide.md", "g");
        fx.write("docs/README.md", "r");
        fx.write("notes.tmp", "t");
        fx.write("deep/a/b/x.tmp", "t");
    }

    private Map<String, LayerEntry> copyAll(BuildContext ctx) {
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, SourceRoot.of(ctx), List.of("."), List.of(), "/c/",
                "/", CopyOptions.none()), fx.env())) {
            return CopyFixture.byPath(plan.layerEntries());
        }
    }

    @Test
    void dockerignoreHidesFilesFromCopyWithExceptionsAndDoubleStar() throws IOException {
        fx.write(".dockerignore", "# build output\n**/*.tmp\n/app/build\ndocs\n!docs/README.md\n");
        BuildContext ctx = BuildContext.open(fx.context, null);
        assertEquals(Optional.of(fx.context.toRealPath().resolve(".dockerignore")), ctx.ignoreFile());
        Map<String, LayerEntry> e = copyAll(ctx);
        assertEquals(Set.of("c", "c/.dockerignore", "c/Dockerfile", "c/app", "c/app/main.c", "c/deep", "c/deep/a", "c/deep/a/b",
                "c/docs", "c/docs/README.md"), e.keySet());
        CopyException missing = assertThrows(CopyException.class, () -> CopySourceResolver.plan(new CopyRequest(false,
                SourceRoot.of(ctx), List.of("notes.tmp"), List.of(), "/", "/", CopyOptions.none()), fx.env()));
        assertEquals("COPY failed: \"notes.tmp\": not found in the build context (or excluded by .dockerignore)", missing.getMessage());
    }

    @Test
    void exceptionsWithWildcardsReincludeFilesInsideExcludedDirectories() throws IOException {
        fx.write("nested/inner1.txt", "1");
        fx.write("nested/inner2.txt", "2");
        fx.write(".dockerignore", "*\nnested\n!*/inner1*\n");
        Map<String, LayerEntry> e = copyAll(BuildContext.open(fx.context, null));
        assertEquals(Set.of("c", "c/nested", "c/nested/inner1.txt"), e.keySet());
    }

    @Test
    void dockerfileSpecificIgnoreFileWinsAndMayLiveOutsideTheContext() throws IOException {
        fx.write(".dockerignore", "app\n");
        Path outside = Files.createDirectories(tmp.resolve("files"));
        Path dockerfile = Files.writeString(outside.resolve("prod.Dockerfile"), "FROM scratch\n");
        Files.writeString(outside.resolve("prod.Dockerfile.dockerignore"), "docs\n");
        BuildContext ctx = BuildContext.open(fx.context, dockerfile);
        assertEquals(Optional.of(dockerfile), ctx.dockerfile());
        Map<String, LayerEntry> e = copyAll(ctx);
        assertTrue(e.containsKey("c/app/main.c"), "the context's .dockerignore is not used");
        assertFalse(e.containsKey("c/docs"));
        BuildContext stdin = BuildContext.openWithoutDockerfile(fx.context);
        assertFalse(copyAll(stdin).containsKey("c/app"));
    }

    @Test
    void ignoredDirectoryIsWalkedOnlyWhenAnExceptionCanReachInside() throws IOException {
        fx.write(".dockerignore", "docs\n!app/main.c\n!deep/a/b/x.tmp\n");
        Map<String, LayerEntry> e = copyAll(BuildContext.open(fx.context, null));
        assertFalse(e.containsKey("c/docs/README.md"), "fsutil walks an ignored dir when a plain exception starts with it");
        fx.write(".dockerignore", "docs\n!*/README.md\n");
        e = copyAll(BuildContext.open(fx.context, null));
        assertTrue(e.containsKey("c/docs/README.md"), "an exception with a wildcard makes fsutil walk every ignored dir");
    }

    @Test
    void badIgnorePatternAndMissingDockerfileAreOneLineErrors() throws IOException {
        fx.write(".dockerignore", "[\n");
        assertEquals(".dockerignore: syntax error in pattern \"[\"",
                assertThrows(CopyException.class, () -> BuildContext.open(fx.context, null)).getMessage());
        Files.delete(fx.context.resolve("Dockerfile"));
        assertTrue(assertThrows(CopyException.class, () -> BuildContext.open(fx.context, null)).getMessage()
                .startsWith("cannot read Dockerfile "));
    }

    @Test
    void namedContextDirectoryHasItsOwnDockerignore() throws IOException {
        Path named = Files.createDirectories(tmp.resolve("named"));
        Files.writeString(named.resolve(".dockerignore"), "*.log\n");
        Files.writeString(named.resolve("keep.txt"), "k");
        Files.writeString(named.resolve("debug.log"), "d");
        SourceRoot root = SourceRoot.namedDirectory(named, "assets");
        try (CopyPlan plan = CopySourceResolver.plan(new CopyRequest(false, root, List.of("."), List.of(), "/a/", "/",
                CopyOptions.none()), fx.env())) {
            assertEquals(Set.of("a", "a/.dockerignore", "a/keep.txt"), CopyFixture.byPath(plan.layerEntries()).keySet());
        }
        CopyException e = assertThrows(CopyException.class, () -> CopySourceResolver.plan(new CopyRequest(false, root,
                List.of("debug.log"), List.of(), "/", "/", CopyOptions.none()), fx.env()));
        assertEquals("COPY failed: \"debug.log\": not found in build context \"assets\" (or excluded by .dockerignore)", e.getMessage());
    }

    @Test
    void allowListIdiomStarThenExceptions() throws IOException {
        fx.write(".dockerignore", "*\n!app\n!docs/README.md\n");
        Map<String, LayerEntry> e = copyAll(BuildContext.open(fx.context, null));
        assertEquals(Set.of("c", "c/app", "c/app/build", "c/app/build/out.o", "c/app/main.c", "c/docs", "c/docs/README.md"),
                e.keySet());
    }

    @Test
    void aDockerfileOrIgnoreFileLinkedOutOfTheContextIsNotRead() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path canary = Files.writeString(outside.resolve("secret"), "OUTSIDE-CANARY line\n");
        Files.delete(fx.context.resolve("Dockerfile"));
        Files.createSymbolicLink(fx.context.resolve("Dockerfile"), canary);
        CopyException e = assertThrows(CopyException.class, () -> BuildContext.open(fx.context, null));
        assertEquals("Dockerfile " + fx.context.resolve("Dockerfile") + " is a symbolic link to a file outside the build"
                + " context; Strata does not read it (copy the file into the context, or name it with -f)", e.getMessage());
        // -f naming a path inside the context whose directory is a link out
        Files.createSymbolicLink(fx.context.resolve("conf"), outside);
        CopyException viaDir = assertThrows(CopyException.class,
                () -> BuildContext.open(fx.context, fx.context.resolve("conf/secret")));
        assertTrue(viaDir.getMessage().contains("is a symbolic link to a file outside the build context"), viaDir.getMessage());
        assertFalse(viaDir.getMessage().contains("CANARY"));
        // naming the outside file itself is the user's choice, as with docker build -f
        assertEquals(Optional.of(canary.toRealPath()), BuildContext.open(fx.context, canary).dockerfile());
        // a link that stays inside is followed
        Files.delete(fx.context.resolve("Dockerfile"));
        fx.write("real.Dockerfile", "FROM scratch\n");
        Files.createSymbolicLink(fx.context.resolve("Dockerfile"), Path.of("real.Dockerfile"));
        assertEquals("FROM scratch\n", new String(BuildContext.open(fx.context, null).readDockerfile()));
        Files.createSymbolicLink(fx.context.resolve(".dockerignore"), canary);
        CopyException ignore = assertThrows(CopyException.class, () -> BuildContext.open(fx.context, null));
        assertTrue(ignore.getMessage().startsWith(".dockerignore " + fx.context.resolve(".dockerignore")
                + " is a symbolic link to a file outside the build context"), ignore.getMessage());
        assertThrows(CopyException.class, () -> BuildContext.openWithoutDockerfile(fx.context));
    }
}
