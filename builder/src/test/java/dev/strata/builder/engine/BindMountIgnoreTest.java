package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RUN --mount=type=bind} of the build context sees the context as .dockerignore filters it,
 * as Docker sends it to BuildKit: ignored files are not there (read-only or {@code rw}, the whole
 * context or a directory of it), so they can reach no layer.
 */
class BindMountIgnoreTest {
    static final String CANARY = "ignored-canary-5d1e";

    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        Tools.require("runc");
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
    }

    private Path context() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, ".dockerignore", ".env\n**/.env\nsecrets/\n*.log\n!keep.log\nbuild/*\n!build/out.txt\n");
        TestBuild.write(ctx, ".env", "TOKEN=" + CANARY + "\n");
        TestBuild.write(ctx, "sub/.env", CANARY);
        TestBuild.write(ctx, "sub/code.txt", "code");
        TestBuild.write(ctx, "secrets/key", CANARY);
        TestBuild.write(ctx, "debug.log", CANARY);
        TestBuild.write(ctx, "keep.log", "kept");
        TestBuild.write(ctx, "build/tmp.o", CANARY);
        TestBuild.write(ctx, "build/out.txt", "out");
        TestBuild.write(ctx, "app.txt", "app");
        return ctx;
    }

    private NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    @Test
    void ignoredFilesAreNotInTheMountedContextNorInAnyLayer() throws IOException {
        Path ctx = context();
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN --mount=type=bind,target=/ctx test ! -e /ctx/.env && test ! -e /ctx/sub/.env && test ! -e /ctx/secrets \\
                    && test ! -e /ctx/debug.log && test ! -e /ctx/build/tmp.o && cat /ctx/app.txt /ctx/keep.log /ctx/build/out.txt \\
                    && (cd /ctx && find . | sort > /listing) && cp -a /ctx /copied && (cat /ctx/.env || true)
                RUN --mount=type=bind,target=/rw,rw echo new > /rw/new && test ! -e /rw/.env && test ! -e /rw/secrets/key \\
                    && (echo x > /rw/.env) && ls -a /rw | sort > /rw-listing
                RUN --mount=type=bind,source=sub,target=/sub ls -a /sub > /sub-listing
                RUN --mount=type=bind,source=build,target=/b,rw ls -a /b > /b-listing
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("bind:1"));
        Path rootfs = TestBuild.unpack(root, "bind:1", tmp.resolve("bundle"));
        assertEquals(String.join("\n", ".", "./.dockerignore", "./Dockerfile", "./app.txt", "./build", "./build/out.txt",
                "./keep.log", "./sub", "./sub/code.txt") + "\n", Files.readString(rootfs.resolve("listing")));
        assertEquals(String.join("\n", ".", "..", ".dockerignore", ".env", "Dockerfile", "app.txt", "build", "keep.log",
                "new", "sub") + "\n", Files.readString(rootfs.resolve("rw-listing")), "rw: the step's own .env, never the context's");
        assertEquals(".\n..\ncode.txt\n", Files.readString(rootfs.resolve("sub-listing")));
        assertEquals(".\n..\nout.txt\n", Files.readString(rootfs.resolve("b-listing")));
        assertEquals("TOKEN=" + CANARY + "\n", Files.readString(ctx.resolve(".env")), "the context's .env is untouched");
        assertFalse(Files.exists(ctx.resolve("new")), "rw writes are discarded");
        try (Stream<Path> files = Files.walk(rootfs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(CANARY), "ignored content in " + file);
            }
        }
        try (Stream<Path> blobs = Files.walk(root.resolve("blobs"))) {
            for (Path blob : blobs.filter(Files::isRegularFile).toList()) {
                assertFalse(text(blob).contains(CANARY), "ignored content in blob " + blob);
            }
        }
    }

    @Test
    void aChangedBoundFileRerunsTheStepAndAnIgnoredOneDoesNot() throws IOException {
        Path ctx = context();
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN --mount=type=bind,target=/ctx cat /ctx/app.txt > /seen
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("bind:1"));
        TestBuild.write(ctx, "debug.log", "changed but ignored");
        TestBuild.write(ctx, "unrelated.txt", "new file the step does not read");
        TestBuild.write(ctx, "app.txt", "app v2");
        TestBuild second = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("bind:2"));
        assertFalse(second.events.contains(new dev.strata.builder.api.BuildEvent.StepCached(2)),
                "the RUN must run again: its bind mount shows a changed app.txt");
        assertTrue(second.events.contains(new dev.strata.builder.api.BuildEvent.LogLine(2, "cache miss: RUN bind mount source changed")),
                second.events.toString());
        assertEquals("app v2", Files.readString(TestBuild.unpack(root, "bind:2", tmp.resolve("b2")).resolve("seen")));
        TestBuild.write(ctx, "debug.log", "changed again, still ignored");
        TestBuild third = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("bind:3"));
        assertTrue(third.events.contains(new dev.strata.builder.api.BuildEvent.StepCached(2)),
                "an ignored file is not part of what the step sees");
    }

    @Test
    void anIgnoredSourceIsNotFound() throws IOException {
        Path ctx = context();
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN --mount=type=bind,source=.env,target=/e cat /e
                """);
        BuildException e = assertThrows(BuildException.class,
                () -> TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base())));
        assertEquals("Dockerfile:2: --mount type=bind source \".env\" not found in the build context (or excluded by .dockerignore)",
                e.getMessage());
    }

    /** A blob's bytes as text, gunzipped when it is gzip. */
    private static String text(Path blob) throws IOException {
        byte[] bytes = Files.readAllBytes(blob);
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                bytes = out.toByteArray();
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBindMountFromAStageOrANamedContextKeysTheRunOnWhatItShows() throws IOException {
        Path ctx = tmp.resolve("ctx-from");
        Path extra = tmp.resolve("extra");
        TestBuild.write(extra, "data.txt", "one");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base AS src
                ARG V=1
                RUN echo "$V" > /v
                FROM base
                RUN --mount=type=bind,from=src,target=/m cat /m/v > /from-stage
                RUN --mount=type=bind,from=extra,target=/e cat /e/data.txt > /from-context
                """);
        Path root = tmp.resolve("store-from");
        NamedContext named = NamedContext.parse("extra=" + extra);
        TestBuild.run(ctx, root, b -> b.buildContext(base()).buildContext(named).buildArg("V", "1").tag("from:1"));
        Path first = TestBuild.unpack(root, "from:1", tmp.resolve("bundle-1"));
        assertEquals("1\n", Files.readString(first.resolve("from-stage")));
        assertEquals("one", Files.readString(first.resolve("from-context")));

        // the stage's content changes: the RUN that mounts it runs again (BuildKit keys it on the stage)
        TestBuild.write(extra, "data.txt", "two");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).buildContext(named).buildArg("V", "2").tag("from:2"));
        Path second = TestBuild.unpack(root, "from:2", tmp.resolve("bundle-2"));
        assertEquals("2\n", Files.readString(second.resolve("from-stage")));
        assertEquals("two", Files.readString(second.resolve("from-context")));

        // nothing changed: every step is a cache hit
        TestBuild same = TestBuild.run(ctx, root, b -> b.buildContext(base()).buildContext(named).buildArg("V", "2").tag("from:3"));
        assertFalse(same.stepLines().stream().anyMatch(l -> l.endsWith(" DONE") && !l.startsWith("#0")),
                String.join("\n", same.stepLines()));
    }
}
