package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.Builder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's start-up warm-up: it must keep working as the OCI records change, and never change a build. */
class WarmUpTest {
    @TempDir
    Path tmp;

    @Test
    void warmUpSucceedsAndWritesNothing() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        long before;
        try (Stream<Path> files = Files.list(cwd)) {
            before = files.count();
        }
        Builder.create().warmUp(); // throws when its sample documents no longer round-trip
        try (Stream<Path> files = Files.list(cwd)) {
            assertEquals(before, files.count(), "warm-up created a file in " + cwd);
        }
    }

    @Test
    void aBuildRacingTheWarmUpGivesTheSameImage() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM scratch
                LABEL a=b
                ENV X=1 Y=2 Z=3
                WORKDIR /srv
                COPY a.txt b.txt ./
                EXPOSE 80
                CMD ["/srv/a.txt"]
                """);
        TestBuild.write(ctx, "a.txt", "a\n");
        TestBuild.write(ctx, "b.txt", "b\n");
        TestBuild alone = TestBuild.run(ctx, tmp.resolve("alone"), b -> b.tag("x:1"));

        CompletableFuture<Void> warmUp = CompletableFuture.runAsync(() -> Builder.create().warmUp());
        TestBuild raced = TestBuild.run(ctx, tmp.resolve("raced"), b -> b.tag("x:1"));
        warmUp.join();

        assertEquals(alone.result.imageId(), raced.result.imageId());
        assertEquals(alone.result.manifestDigest(), raced.result.manifestDigest());
        assertTrue(raced.result.imageId().startsWith("sha256:"));
    }
}
