package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FROM scratch images with metadata and COPY, checked with skopeo and umoci. */
class ScratchBuildTest {
    private static final String DOCKERFILE = """
            FROM scratch
            LABEL org.example.a=one "b c"="d e"
            ENV APP=/app PATH_X=$PATH
            WORKDIR $APP
            COPY hello.txt .
            COPY conf/ /etc/app/
            ENV GREETING="hi there"
            EXPOSE 8080 53/udp
            USER 1000:1000
            VOLUME /data
            STOPSIGNAL SIGTERM
            ENTRYPOINT ["/app/run"]
            CMD ["--help"]
            """;

    @TempDir
    Path tmp;

    private Path context() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", DOCKERFILE);
        TestBuild.write(ctx, "hello.txt", "hello\n");
        TestBuild.write(ctx, "conf/app.conf", "key=value\n");
        Files.setPosixFilePermissions(TestBuild.write(ctx, "conf/run.sh", "#!/bin/sh\n"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return ctx;
    }

    @Test
    void configHistoryAndFilesAreWhatDockerWrites() throws IOException {
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(context(), root, b -> b.tag("hello:latest"));
        assertEquals(List.of("hello:latest"), build.result.tags());

        JsonNode config = TestBuild.config(root, "hello:latest");
        assertEquals("1970-01-01T00:00:00Z", config.get("created").asText());
        assertEquals("linux", config.get("os").asText());
        JsonNode c = config.get("config");
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP=/app",
                "PATH_X=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GREETING=hi there"), strings(c.get("Env")));
        assertEquals("/app", c.get("WorkingDir").asText());
        assertEquals("1000:1000", c.get("User").asText());
        assertEquals("one", c.get("Labels").get("org.example.a").asText());
        assertEquals("d e", c.get("Labels").get("b c").asText());
        assertTrue(c.get("ExposedPorts").has("8080/tcp"));
        assertTrue(c.get("ExposedPorts").has("53/udp"));
        assertTrue(c.get("Volumes").has("/data"));
        assertEquals("SIGTERM", c.get("StopSignal").asText());
        assertEquals(List.of("/app/run"), strings(c.get("Entrypoint")));
        assertEquals(List.of("--help"), strings(c.get("Cmd")));

        List<String> history = new ArrayList<>();
        config.get("history").forEach(h -> history.add(h.get("created_by").asText() + (h.path("empty_layer").asBoolean() ? " (empty)" : "")));
        assertEquals(List.of(
                "LABEL org.example.a=one b c=d e (empty)",
                "ENV APP=/app PATH_X=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin (empty)",
                "WORKDIR /app",
                "COPY hello.txt . # buildkit",
                "COPY conf/ /etc/app/ # buildkit",
                "ENV GREETING=hi there (empty)",
                "EXPOSE map[53/udp:{} 8080/tcp:{}] (empty)",
                "USER 1000:1000 (empty)",
                "VOLUME [/data] (empty)",
                "STOPSIGNAL SIGTERM (empty)",
                "ENTRYPOINT [\"/app/run\"] (empty)",
                "CMD [\"--help\"] (empty)"), history);
        assertEquals(3, config.get("rootfs").get("diff_ids").size());

        Path rootfs = TestBuild.unpack(root, "hello:latest", tmp.resolve("bundle"));
        assertEquals("hello\n", Files.readString(rootfs.resolve("app/hello.txt")));
        assertEquals("key=value\n", Files.readString(rootfs.resolve("etc/app/app.conf")));
        assertTrue(Files.isExecutable(rootfs.resolve("etc/app/run.sh")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("app/hello.txt"))));
    }

    @Test
    void userRootNeedsNoPasswdForWorkdirAndChown() throws IOException {
        Path ctx = tmp.resolve("noPasswd");
        TestBuild.write(ctx, "f.txt", "x\n");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nUSER root\nWORKDIR /w/root\nCOPY --chown=root:root f.txt .\nUSER 9999\nWORKDIR /w/uid\n"
                + "USER app\nWORKDIR /w/app\nUSER 0\n");
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.tag("nopasswd:1"));
        Path rootfs = TestBuild.unpack(root, "nopasswd:1", tmp.resolve("bundle"));
        assertEquals(0, Files.getAttribute(rootfs.resolve("w/root/f.txt"), "unix:uid"));
        assertEquals(9999, Files.getAttribute(rootfs.resolve("w/uid"), "unix:uid"));
        assertEquals(9999, Files.getAttribute(rootfs.resolve("w/uid"), "unix:gid"));
        assertEquals(0, Files.getAttribute(rootfs.resolve("w/app"), "unix:uid"), "a user the image lacks makes WORKDIR root's, as in BuildKit");
    }

    @Test
    void workdirLayerRepeatsTheParentsTheImageHasAsBuildKitsDiffDoes() throws IOException {
        Path ctx = tmp.resolve("wd");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nWORKDIR /a\nWORKDIR /a/b/c\n");
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.tag("wd:1"));
        assertEquals(List.of("a/", "a/b/", "a/b/c/"), TestBuild.lastLayerNames(root, "wd:1"));
    }

    @Test
    void unchangedRebuildIsCachedAndIdentical() throws IOException {
        Path root = tmp.resolve("store");
        Path ctx = context();
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        TestBuild second = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertEquals(first.result.manifestDigest(), second.result.manifestDigest());
        List<String> lines = second.stepLines();
        assertEquals(List.of("#1 [1/3] WORKDIR /app", "#1 CACHED", "#2 [2/3] COPY hello.txt .", "#2 CACHED",
                "#3 [3/3] COPY conf/ /etc/app/", "#3 CACHED"), lines);
        TestBuild fresh = TestBuild.run(ctx, root, b -> b.tag("app:1").noCache(true));
        assertEquals(first.result.manifestDigest(), fresh.result.manifestDigest());
        assertFalse(fresh.stepLines().contains("#2 CACHED"));
    }

    @Test
    void copiedContextWithNewMtimesGivesTheSameDigest() throws IOException, InterruptedException {
        Path ctx = context();
        TestBuild first = TestBuild.run(ctx, tmp.resolve("store1"), b -> b.tag("app:1"));
        Path copy = tmp.resolve("elsewhere/ctx2");
        Files.createDirectories(copy.getParent());
        dev.strata.builder.testing.Command.ok("cp", "-r", ctx.toString(), copy.toString());
        Files.setLastModifiedTime(copy.resolve("hello.txt"), java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        TestBuild second = TestBuild.run(copy, tmp.resolve("store2"), b -> b.tag("app:1"));
        assertEquals(first.result.manifestDigest(), second.result.manifestDigest());
        assertEquals(first.result.imageId(), second.result.imageId());
    }

    @Test
    void aLayerWriteReportsItsBytesAsProgressOfItsStep() throws IOException {
        Path ctx = tmp.resolve("big");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nCOPY blob.bin small.txt /data/\n");
        TestBuild.write(ctx, "small.txt", "x\n");
        byte[] blob = new byte[3 * 1024 * 1024 + 5];
        new java.util.Random(7).nextBytes(blob);
        Files.write(ctx.resolve("blob.bin"), blob);
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.tag("big:1"));
        List<dev.strata.builder.api.BuildEvent.Progress> progress = new ArrayList<>();
        synchronized (build.events) {
            build.events.stream().filter(e -> e instanceof dev.strata.builder.api.BuildEvent.Progress)
                    .forEach(e -> progress.add((dev.strata.builder.api.BuildEvent.Progress) e));
        }
        long total = blob.length + 2;
        assertFalse(progress.isEmpty(), build.events.toString());
        assertTrue(progress.stream().allMatch(p -> p.step() == 1 && p.total() == total && p.bytes() <= total), progress.toString());
        assertEquals(total, progress.get(progress.size() - 1).bytes(), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.bytes() > 0 && p.bytes() < total), "progress within one big file: " + progress);
    }

    @Test
    void changingOneFileRebuildsOnlyThatCopyAndLater() throws IOException {
        Path root = tmp.resolve("store");
        Path ctx = context();
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        TestBuild.write(ctx, "conf/app.conf", "key=other\n");
        TestBuild second = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertEquals(List.of("#1 [1/3] WORKDIR /app", "#1 CACHED", "#2 [2/3] COPY hello.txt .", "#2 CACHED",
                "#3 [3/3] COPY conf/ /etc/app/", "#3 DONE"), second.stepLines());
        assertFalse(first.result.manifestDigest().equals(second.result.manifestDigest()));
        assertTrue(second.events.stream().anyMatch(e -> e instanceof dev.strata.builder.api.BuildEvent.LogLine l
                && l.step() == 3 && l.line().equals("cache miss: COPY source conf/app.conf changed")), second.events.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
