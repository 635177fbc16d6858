package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder tells front ends when it unpacks a base layer (what the Maven plugin and the CLI
 * show as {@code extracting sha256:...}): for the RUN step or the {@code COPY --from} that needs
 * it, from 0 bytes to the blob's size; never for a build that does not extract.
 */
class ExtractionEventsTest {
    @TempDir
    static Path shared;
    static Path layout;
    static String baseLayer;
    static long baseLayerSize;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
        var json = new ObjectMapper();
        var index = json.readTree(layout.resolve("index.json").toFile());
        String manifest = index.get("manifests").get(0).get("digest").asText().substring(7);
        var layer = json.readTree(layout.resolve("blobs/sha256/" + manifest).toFile()).get("layers").get(0);
        baseLayer = layer.get("digest").asText();
        baseLayerSize = layer.get("size").asLong();
    }

    private static NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    private static List<BuildEvent.Extracting> extractions(TestBuild build) {
        synchronized (build.events) {
            return build.events.stream().filter(e -> e instanceof BuildEvent.Extracting)
                    .map(e -> (BuildEvent.Extracting) e).toList();
        }
    }

    private static int stepOf(TestBuild build, String text) {
        synchronized (build.events) {
            return build.events.stream().filter(e -> e instanceof BuildEvent.StepStarted s && s.text().equals(text))
                    .map(e -> ((BuildEvent.StepStarted) e).step()).findFirst().orElseThrow();
        }
    }

    @Test
    void aRunStepReportsTheBaseLayerItUnpacksFromStartToEndAndOnlyOnce() throws IOException {
        Tools.require("runc");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN echo hi > /hi\nRUN cat /hi\n");
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("run:1"));

        List<BuildEvent.Extracting> events = extractions(build);
        int run = stepOf(build, "RUN echo hi > /hi");
        assertTrue(events.size() >= 2, events.toString());
        assertTrue(events.stream().allMatch(e -> e.step() == run && e.layer().equals(baseLayer) && e.size() == baseLayerSize),
                "the base's one layer, for the first RUN (the second RUN's lower is the first's result, kept): " + events);
        assertEquals(0, events.get(0).bytes(), "a start event");
        assertTrue(events.get(events.size() - 1).done(), "an end event");
        assertEquals(1, events.stream().filter(BuildEvent.Extracting::done).count(), events.toString());
        assertTrue(events.size() <= 2 + baseLayerSize / (8 << 20) + 2, "bounded, not per file: " + events);

        TestBuild again = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("run:2").noCache(true));
        assertEquals(List.of(), extractions(again), "the store has the layer unpacked already");
    }

    @Test
    void copyFromAnImageReportsItsExtractionAsTheCopyStep() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nCOPY --from=base /bin/busybox /busybox\n");
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("copy-from:1"));
        int copy = stepOf(build, "COPY --from=base /bin/busybox /busybox");
        List<BuildEvent.Extracting> events = extractions(build);
        assertTrue(!events.isEmpty() && events.stream().allMatch(e -> e.step() == copy && e.layer().equals(baseLayer)), events.toString());
        assertTrue(events.get(events.size() - 1).done());
    }

    @Test
    void aCopyOnlyBuildOnABaseExtractsNothingAndSaysNothingAboutIt() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "app.txt", "app\n");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nUSER app\nWORKDIR /home/app\nCOPY --chown=app app.txt ./\n");
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("copy:1"));
        assertEquals(List.of(), extractions(build));
        assertTrue(!Files.isDirectory(root.resolve("layers")) || Files.list(root.resolve("layers")).findAny().isEmpty(),
                "and nothing is unpacked");
    }
}
