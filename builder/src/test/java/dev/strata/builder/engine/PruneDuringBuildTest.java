package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's lock protocol: a prune while a build runs deletes nothing that build needs, and the build succeeds. */
class PruneDuringBuildTest {
    @TempDir
    Path tmp;

    @Test
    void pruneRefusesWhileABuildRunsAndTheBuildSucceeds() throws Exception {
        Tools.require("runc");
        Path layout = BusyboxLayout.create(tmp.resolve("busybox"), "1.0");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN echo one > /one && sleep 4
                RUN cat /one /bin/busybox > /two
                """);
        Path root = tmp.resolve("store");
        CompletableFuture<TestBuild> build = CompletableFuture.supplyAsync(() -> TestBuild.run(ctx, root,
                b -> b.buildContext(NamedContext.parse("base=oci-layout://" + layout + ":1.0")).tag("busy:1")));
        awaitRunningStep(root, build);

        ImageStore images = ImageStore.open(root);
        BuildException refused = assertThrows(BuildException.class, () -> images.prune(null, null));
        assertEquals("cannot prune: a build is using the store (pid " + ProcessHandle.current().pid()
                + "); retry when it has finished", refused.getMessage());

        build.get(2, TimeUnit.MINUTES);
        try (Stream<Path> leases = Files.list(root.resolve("tmp/leases"))) {
            assertEquals(0, leases.count(), "the build's lease and directory are gone");
        }
        images.prune(null, null);
        assertEquals("busy:1", images.list().get(0).name());
        String out = dev.strata.builder.testing.Command.ok("skopeo", "inspect", "oci:" + root + ":busy:1");
        assertTrue(out.contains("\"Layers\""), out);
        Path bundle = tmp.resolve("bundle");
        TestBuild.unpack(root, "busy:1", bundle);
        assertEquals("one\n", Files.readString(bundle.resolve("rootfs/one")), "every layer of the image is intact");
    }

    /** Waits until the build's first RUN has a step directory in its lease directory. */
    private static void awaitRunningStep(Path root, CompletableFuture<TestBuild> build) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !build.isDone()) {
            if (Files.isDirectory(root.resolve("tmp/leases"))) {
                try (Stream<Path> runs = Files.walk(root.resolve("tmp/leases"), 2)) {
                    if (runs.anyMatch(p -> p.getFileName().toString().startsWith("run-"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        build.get(); // rethrows the build's failure
        throw new AssertionError("the RUN step did not start");
    }
}
