package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.MultiPlatformBusybox;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --platform linux/amd64,linux/arm64} on a two-platform busybox base: one OCI index, each
 * platform's RUN under its own architecture (arm64 through QEMU), cross-compiling Dockerfiles
 * with {@code FROM --platform=$BUILDPLATFORM}, read back with skopeo and umoci.
 */
class MultiPlatformBuildTest {
    private static final String BOTH = "linux/amd64,linux/arm64";

    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        Tools.require("runc");
        layout = MultiPlatformBusybox.create(shared.resolve("busybox"), "multi");
    }

    private static NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":multi");
    }

    @Test
    void eachPlatformRunsItsOwnArchitectureAndTheResultIsOneIndex() throws IOException {
        MultiPlatformBusybox.requireArm64Emulation();
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN uname -m > /arch
                """);
        Path root = tmp.resolve("store");
        Path oci = tmp.resolve("out.tar");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).platform(BOTH).tag("app:1")
                .output(OutputSpec.parse("type=oci,dest=" + oci)));

        JsonNode index = TestBuild.manifest(root, "app:1");
        assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText(), index.toString());
        assertEquals(2, index.path("manifests").size(), index.toString());
        assertEquals("amd64", index.path("manifests").get(0).path("platform").path("architecture").asText());
        assertEquals("arm64", index.path("manifests").get(1).path("platform").path("architecture").asText());
        assertEquals(build.result.manifestDigest(), storeEntry(root, "app:1").path("digest").asText());
        assertEquals("application/vnd.oci.image.index.v1+json", storeEntry(root, "app:1").path("mediaType").asText());
        assertTrue(build.stepLines().stream().anyMatch(l -> l.contains("[linux/arm64 2/2] RUN uname -m > /arch")), build.stepLines().toString());

        Path unpacked = Files.createDirectories(tmp.resolve("oci"));
        Command.ok("tar", "-xf", oci.toString(), "-C", unpacked.toString());
        JsonNode exported = new ObjectMapper().readTree(Command.ok(Tools.require("skopeo").toString(), "inspect", "--raw", "oci:" + unpacked + ":1"));
        assertEquals(index, exported);
        assertEquals("x86_64\n", archOf(unpacked + ":1", "amd64"));
        assertEquals("aarch64\n", archOf(unpacked + ":1", "arm64"));
        // the image config of each platform says its architecture
        assertEquals("arm64", config(unpacked + ":1", "arm64").path("architecture").asText());

        // an unchanged rebuild hits the cache for both platforms
        TestBuild again = TestBuild.run(ctx, root, b -> b.buildContext(base()).platform(BOTH).tag("app:1"));
        assertEquals(build.result.manifestDigest(), again.result.manifestDigest());
        List<String> lines = again.stepLines();
        for (String line : lines) {
            if (line.contains("RUN uname")) {
                String step = line.substring(0, line.indexOf(' '));
                assertTrue(lines.contains(step + " CACHED"), lines.toString());
            }
        }
    }

    @Test
    void crossCompilingStagesRunOnTheBuildPlatformAndSharedOnesRunOnce() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                ARG TARGETARCH
                FROM --platform=$BUILDPLATFORM base AS build
                ARG TARGETARCH
                ARG TARGETPLATFORM
                ARG BUILDPLATFORM
                RUN echo "on $(uname -m) from $BUILDPLATFORM for $TARGETPLATFORM ($TARGETARCH)" > /out
                FROM --platform=$BUILDPLATFORM base AS tools
                RUN uname -m > /tools
                FROM base
                ARG TARGETVARIANT TARGETARCH
                COPY --from=build /out /out
                COPY --from=tools /tools /tools
                LABEL arch=$TARGETARCH variant=[$TARGETVARIANT] undeclared=[$TARGETOS]
                """);
        Path root = tmp.resolve("store");
        Path dest = tmp.resolve("layout");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).platform(BOTH).tag("cross:1")
                .output(OutputSpec.parse("type=oci,tar=false,dest=" + dest)));

        assertEquals("on x86_64 from linux/amd64 for linux/arm64 (arm64)\n", read(dest + ":1", "arm64", "out"));
        assertEquals("on x86_64 from linux/amd64 for linux/amd64 (amd64)\n", read(dest + ":1", "amd64", "out"));
        assertEquals("x86_64\n", read(dest + ":1", "arm64", "tools"));
        assertEquals("arm64", config(dest + ":1", "arm64").path("config").path("Labels").path("arch").asText());
        assertEquals("[]", config(dest + ":1", "arm64").path("config").path("Labels").path("variant").asText());
        assertEquals("[]", config(dest + ":1", "arm64").path("config").path("Labels").path("undeclared").asText(),
                "automatic args reach a stage only through ARG");
        List<String> lines = build.stepLines();
        assertEquals(1, lines.stream().filter(l -> l.contains("RUN uname -m > /tools")).count(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("[linux/amd64 tools 2/2] RUN uname -m > /tools")), lines.toString());
        assertEquals(2, lines.stream().filter(l -> l.contains("RUN echo")).count(), lines.toString());
    }

    @Test
    void aCopyOnlyBuildForAForeignPlatformRunsNothing() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "hello.txt", "hi\n");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                COPY hello.txt /
                """);
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).platform("linux/arm64").tag("copy:1"));
        JsonNode manifest = TestBuild.manifest(root, "copy:1");
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText(), "one platform: a manifest, as BuildKit");
        assertEquals("arm64", TestBuild.config(root, "copy:1").path("architecture").asText());
        assertFalse(build.events.stream().anyMatch(e -> e instanceof BuildEvent.LogLine l && l.line().startsWith("RUN isolation")),
                "no RUN: no runtime, no emulation");
    }

    @Test
    void aDockerArchiveCannotHoldSeveralPlatforms() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\n");
        Path dest = tmp.resolve("image.tar");
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"),
                b -> b.buildContext(base()).platform(BOTH).output(OutputSpec.parse("type=docker,dest=" + dest))));
        assertTrue(e.getMessage().startsWith("docker exporter does not currently support exporting manifest lists"), e.getMessage());
        assertFalse(Files.exists(dest));
    }

    @Test
    void aPlatformTheBaseLacksIsNamed() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\n");
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"),
                b -> b.buildContext(base()).platform("linux/amd64,linux/s390x")));
        assertTrue(e.getMessage().startsWith("Dockerfile:1: ") && e.getMessage().contains("no image for platform linux/s390x"), e.getMessage());
    }

    @Test
    void aForeignProgramNoHandlerTakesFailsInOneLine() throws IOException {
        MultiPlatformBusybox.requireArm64Emulation();
        // an arm64 image whose shell says it is for EM_M32 (machine 1), which no QEMU emulates
        byte[] shell = Files.readAllBytes(MultiPlatformBusybox.arm64Busybox());
        shell[18] = 1;
        shell[19] = 0;
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx);
        Files.write(ctx.resolve("sh"), shell);
        TestBuild.write(ctx, "Dockerfile", "FROM --platform=linux/arm64 base\nCOPY --chmod=755 sh /bin/busybox\nRUN true\n");
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"),
                b -> b.buildContext(base()).platform("linux/arm64")));
        assertTrue(e.getMessage().startsWith("Dockerfile:3: RUN for platform linux/arm64 needs QEMU user emulation of aarch64, but the"
                + " kernel could not run its program (exec format error: no binfmt_misc handler took it): install qemu-user-static"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private String archOf(String image, String arch) throws IOException {
        return read(image, arch, "arch");
    }

    /** {@code skopeo copy} of one platform of {@code image} into a layout of its own, unpacked with umoci; a file of it. */
    private String read(String image, String arch, String file) throws IOException {
        Path one = tmp.resolve("one-" + arch + "-" + System.nanoTime());
        Command.ok(Tools.require("skopeo").toString(), "copy", "-q", "--override-arch", arch, "oci:" + image, "oci:" + one + ":x");
        Path rootfs = TestBuild.unpack(one, "x", tmp.resolve("bundle-" + arch + "-" + System.nanoTime()));
        return Files.readString(rootfs.resolve(file));
    }

    private JsonNode config(String image, String arch) throws IOException {
        return new ObjectMapper().readTree(Command.ok(Tools.require("skopeo").toString(), "--override-arch", arch, "inspect", "--config",
                "oci:" + image));
    }

    /** The store's {@code index.json} entry naming {@code name}. */
    private static JsonNode storeEntry(Path root, String name) throws IOException {
        for (JsonNode entry : new ObjectMapper().readTree(root.resolve("index.json").toFile()).path("manifests")) {
            if (name.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no " + name + " in the store");
    }
}
