package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same RUN in every --isolation mode: the same layers as under oci, and the mode named in the progress. */
class IsolationLadderTest {
    static final List<String> MODES = List.of("oci", "userns", "chroot");

    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        Tools.require("runc");
        Tools.require("capsh");
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
    }

    private static NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    @Test
    void everyModeGivesTheSameLayersAsOci() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN echo written > /made && echo 'bob:x:1234:1234::/home/bob:/bin/sh' >> /etc/passwd \\
                 && echo 'bob:x:1234:' >> /etc/group && mkdir -p /home/bob && chown -R bob:bob /home/bob \\
                 && touch /home/bob/.profile && rm /bin/vi && mkdir -p /var/cache/x && echo data > /var/cache/x/f
                USER bob
                RUN id -u > /home/bob/id && echo $HOME > /home/bob/home
                """);
        Map<String, List<String>> layers = new TreeMap<>();
        for (String mode : MODES) {
            Path root = tmp.resolve("store-" + mode);
            TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("ladder:" + mode).isolation(mode)
                    .sourceDateEpoch(java.time.Instant.ofEpochSecond(1700000000)));
            List<String> digests = new ArrayList<>();
            TestBuild.manifest(root, "ladder:" + mode).get("layers").forEach(l -> digests.add(l.get("digest").asText()));
            layers.put(mode, digests);
            String line = isolationLine(build);
            assertTrue(line.startsWith("RUN isolation: " + mode + " (--isolation " + mode), line);
        }
        for (String mode : MODES) {
            assertEquals(layers.get("oci"), layers.get(mode), mode + " layers differ from oci: " + layers);
        }
    }

    @Test
    void autoChoosesOciOnThisMachine() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN echo hi > /hi\n");
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("auto:1"));
        assertEquals("RUN isolation: oci (root with CAP_SYS_ADMIN, cgroups writable)", isolationLine(build));
    }

    static String isolationLine(TestBuild build) {
        synchronized (build.events) {
            List<String> lines = build.events.stream().filter(e -> e instanceof BuildEvent.LogLine l && l.step() == 0)
                    .map(e -> ((BuildEvent.LogLine) e).line()).filter(l -> l.startsWith("RUN isolation: ")).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertFalse(lines.get(0).isEmpty());
            return lines.get(0);
        }
    }
}
