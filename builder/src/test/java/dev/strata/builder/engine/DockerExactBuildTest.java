package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds whose result must be what {@code docker build} gives (issue 13's build-correctness items). */
class DockerExactBuildTest {
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

    private NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    private static List<String> logLines(TestBuild build) {
        synchronized (build.events) {
            return build.events.stream().filter(e -> e instanceof BuildEvent.LogLine)
                    .map(e -> ((BuildEvent.LogLine) e).line()).toList();
        }
    }

    @Test
    void identicalConsecutiveLayersStillMountForTheNextRun() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN echo a > /f
                RUN echo a > /f
                RUN echo "seen $(cat /f)"
                """);
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("twice:1"));
        assertTrue(logLines(build).contains("seen a"), logLines(build).toString());
        assertTrue(build.warnings().stream().noneMatch(w -> w.contains("overlayfs")), build.warnings().toString());
    }

    @Test
    void springBootLayeredDockerfileWithEmptyCopiesMountsWithoutFallback() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base AS builder
                WORKDIR /application
                RUN mkdir -p dependencies spring-boot-loader snapshot-dependencies application \\
                    && echo app > application/app.txt
                FROM base
                WORKDIR /application
                COPY --from=builder /application/dependencies/ ./
                COPY --from=builder /application/spring-boot-loader/ ./
                COPY --from=builder /application/snapshot-dependencies/ ./
                COPY --from=builder /application/application/ ./
                RUN cat app.txt
                """);
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("layered:1"));
        assertTrue(logLines(build).contains("app"), logLines(build).toString());
        assertTrue(build.warnings().stream().noneMatch(w -> w.contains("overlayfs")), build.warnings().toString());
    }

    @Test
    void aRunSeesTheTimesTheLayerBlobGivesOnAUsedStoreAsOnAFreshOne() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN mkdir /d && echo x > /d/f && ln -s f /d/l
                RUN echo "times $(stat -c %Y /d) $(stat -c %Y /d/f) $(stat -c %Y /d/l)"
                """);
        // the layer blob clamps both times to the epoch: the next RUN must see them so, as after
        // extracting the blob on another machine, not the times the adopted RUN directory had
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base())
                .sourceDateEpoch(java.time.Instant.ofEpochSecond(1000)));
        assertTrue(logLines(build).contains("times 1000 1000 1000"), logLines(build).toString());
        assertEquals(List.of(), build.warnings());
    }
    @Test
    void namedContextsServeEveryNormalisedSpellingOfTheirName() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM busybox AS a
                RUN echo a > /a
                FROM busybox:latest AS b
                RUN echo b > /b
                FROM docker.io/library/busybox:latest
                COPY --from=a /a /a
                COPY --from=b /b /b
                COPY --from=docker.io/library/busybox /bin/busybox /copied
                RUN cat /a /b && test -x /copied
                """);
        // nothing may be pulled: this machine reaches no registry, so a pull would fail the build
        NamedContext busybox = NamedContext.parse("busybox=oci-layout://" + layout + ":1.0");
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(busybox).tag("named:1"));
        assertEquals(List.of("a", "b"), logLines(build).stream().filter(l -> l.length() == 1).toList());
    }

    @Test
    void anArgShadowedByEnvDoesNotBreakTheRunCache() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                ARG LEVEL
                ENV LEVEL=fixed
                RUN echo "level $LEVEL" > /level
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).buildArg("LEVEL", "one").tag("level:1"));
        TestBuild again = TestBuild.run(ctx, root, b -> b.buildContext(base()).buildArg("LEVEL", "two").tag("level:2"));
        List<String> lines = again.stepLines();
        assertTrue(lines.stream().filter(l -> l.matches("#[0-9]+ (CACHED|DONE)")).allMatch(l -> l.endsWith("CACHED")), lines.toString());
        Path rootfs = TestBuild.unpack(root, "level:2", tmp.resolve("bundle"));
        assertEquals("level fixed\n", java.nio.file.Files.readString(rootfs.resolve("level")));
    }
    @Test
    void workdirAndCopyThroughADanglingSymlinkKeepTheLinkAndCreateItsTarget() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "data.txt", "data\n");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN ln -s /var/lib/keeper /keeper && ln -s ../opt/files /files
                WORKDIR /keeper
                COPY data.txt /files/
                RUN echo here > here.txt
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("links:1"));
        Path rootfs = TestBuild.unpack(root, "links:1", tmp.resolve("bundle"));
        assertEquals("/var/lib/keeper", java.nio.file.Files.readSymbolicLink(rootfs.resolve("keeper")).toString());
        assertEquals("../opt/files", java.nio.file.Files.readSymbolicLink(rootfs.resolve("files")).toString());
        assertEquals("here\n", java.nio.file.Files.readString(rootfs.resolve("var/lib/keeper/here.txt")));
        assertEquals("data\n", java.nio.file.Files.readString(rootfs.resolve("opt/files/data.txt")));
        assertEquals("/keeper", TestBuild.config(root, "links:1").get("config").get("WorkingDir").asText());
    }
}
