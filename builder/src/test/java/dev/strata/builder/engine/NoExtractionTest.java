package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build without RUN never unpacks its base: users for {@code --chown} and USER, and the
 * destination checks of COPY and WORKDIR, come from the layers' tar headers. A full cache hit of
 * an image with RUN reads no layer at all (its base blobs are made unreadable garbage first).
 */
class NoExtractionTest {
    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
    }

    private static NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    private static List<String> extracted(Path root) throws IOException {
        Path layers = root.resolve("layers");
        if (!Files.isDirectory(layers)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(layers)) {
            return dirs.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void copyChownUserAndWorkdirReadTheBaseWithoutUnpackingIt() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "app.txt", "app\n");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                USER app
                WORKDIR /home/app/work
                COPY --chown=app:staff app.txt ./
                WORKDIR /tmp
                """);
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("copy:1"));
        assertEquals(List.of(), extracted(root), "nothing extracted");

        Path rootfs = TestBuild.unpack(root, "copy:1", tmp.resolve("bundle"));
        var work = Files.readAttributes(rootfs.resolve("home/app/work"), "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        assertEquals(1000, work.get("uid"), "WORKDIR made for USER app");
        var app = Files.readAttributes(rootfs.resolve("home/app/work/app.txt"), "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        assertEquals(1000, app.get("uid"));
        assertEquals(50, app.get("gid"), "group staff from the base's /etc/group");
        JsonNode layers = TestBuild.manifest(root, "copy:1").get("layers");
        assertEquals(3, layers.size(), "base, WORKDIR, COPY; WORKDIR /tmp exists in the base: no layer");
        assertTrue(build.warnings().isEmpty(), build.warnings().toString());
    }

    @Test
    void aFullCacheHitOfARunImageReadsNoLayer() throws IOException {
        Tools.require("runc");
        Path own = BusyboxLayout.create(tmp.resolve("busybox"), "1.0"); // its blobs get spoiled below
        NamedContext base = NamedContext.parse("base=oci-layout://" + own + ":1.0");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "a.txt", "a\n");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN echo ran > /ran
                USER app
                COPY --chown=app a.txt /home/app/
                WORKDIR /home/app/w
                RUN id -u > /home/app/w/uid
                """);
        Path root = tmp.resolve("store");
        TestBuild first = TestBuild.run(ctx, root, b -> b.buildContext(base).tag("run:1"));
        Command.ok("rm", "-rf", root.resolve("layers").toString());
        JsonNode baseLayers = TestBuild.manifest(own, "1.0").get("layers");
        for (JsonNode layer : baseLayers) {
            String hex = layer.get("digest").asText().substring("sha256:".length());
            for (Path blob : List.of(root.resolve("blobs/sha256").resolve(hex), own.resolve("blobs/sha256").resolve(hex))) {
                if (Files.exists(blob)) {
                    spoil(blob);
                }
            }
        }
        TestBuild again = TestBuild.run(ctx, root, b -> b.buildContext(base).tag("run:1"));
        assertEquals(first.result.manifestDigest(), again.result.manifestDigest());
        assertTrue(again.stepLines().stream().filter(l -> l.matches("#[0-9]+ (CACHED|DONE)")).allMatch(l -> l.endsWith("CACHED")),
                again.stepLines().toString());
        assertEquals(List.of(), extracted(root), "nothing extracted on a full cache hit");
    }

    /** Same size, zeros: any read of the layer (decompression) would fail. */
    private static void spoil(Path blob) throws IOException {
        long size = Files.size(blob);
        try (RandomAccessFile file = new RandomAccessFile(blob.toFile(), "rw")) {
            file.write(new byte[(int) Math.min(size, 1 << 20)]);
        }
    }
}
