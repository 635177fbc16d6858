package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds on a busybox base from an OCI layout given as a named build context; multi-stage builds. */
class BaseImageTest {
    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
        Command.ok("umoci", "config", "--image", layout + ":1.0", "--config.workingdir", "/home", "--config.user", "app",
                "--config.label", "base.label=yes");
    }

    private NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    @Test
    void baseLayersAreReusedAndConfigCarriesOver() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                COPY --chown=app:staff app.txt ./
                WORKDIR /opt/tool
                COPY --chown=1001 app.txt /opt/
                """);
        TestBuild.write(ctx, "app.txt", "app\n");
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("app:1"));
        JsonNode baseManifest = TestBuild.manifest(layout, "1.0");
        JsonNode manifest = TestBuild.manifest(root, "app:1");
        assertEquals(baseManifest.get("layers").get(0).get("digest"), manifest.get("layers").get(0).get("digest"));
        assertEquals(4, manifest.get("layers").size());
        JsonNode config = TestBuild.config(root, "app:1").get("config");
        assertEquals("app", config.get("User").asText());
        assertEquals("/opt/tool", config.get("WorkingDir").asText());
        assertEquals("yes", config.get("Labels").get("base.label").asText());
        assertEquals("/bin/sh", config.get("Cmd").get(0).asText());
        assertTrue(build.stepLines().get(0).startsWith("#1 [1/4] FROM base"), build.stepLines().toString());

        Path rootfs = TestBuild.unpack(root, "app:1", tmp.resolve("bundle"));
        assertEquals(List.of(1000, 50), owner(rootfs.resolve("home/app.txt")));
        assertEquals(List.of(1000, 1000), owner(rootfs.resolve("opt/tool")));
        assertEquals(List.of(1001, 1001), owner(rootfs.resolve("opt/app.txt")));
        assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox")));
    }

    @Test
    void onbuildTriggersRunAfterFrom() throws IOException {
        Path root = tmp.resolve("store");
        Path parent = tmp.resolve("parent");
        TestBuild.write(parent, "Dockerfile", "FROM base\nONBUILD COPY trigger.txt /trigger.txt\nONBUILD LABEL triggered=yes\n");
        Path parentLayout = tmp.resolve("parent-layout");
        TestBuild.run(parent, root, b -> b.buildContext(base()).tag("parent:1")
                .output(dev.strata.builder.api.OutputSpec.parse("type=oci,tar=false,dest=" + parentLayout)));
        JsonNode parentConfig = TestBuild.rawConfig(root, "parent:1").get("config");
        assertEquals(List.of("COPY trigger.txt /trigger.txt", "LABEL triggered=yes"), strings(parentConfig.get("OnBuild")));

        Path child = tmp.resolve("child");
        TestBuild.write(child, "Dockerfile", "FROM parent\nENV X=1\n");
        TestBuild.write(child, "trigger.txt", "from the child context\n");
        TestBuild.run(child, root, b -> b.buildContext(NamedContext.parse("parent=oci-layout://" + parentLayout + ":1"))
                .tag("child:1"));
        JsonNode config = TestBuild.rawConfig(root, "child:1").get("config");
        assertEquals("yes", config.get("Labels").get("triggered").asText());
        assertFalse(config.has("OnBuild"));
        Path rootfs = TestBuild.unpack(root, "child:1", tmp.resolve("bundle"));
        assertEquals("from the child context\n", Files.readString(rootfs.resolve("trigger.txt")));
    }

    @Test
    void multiStageCopyFromStageIndexAndNamedDirectory() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base AS build
                COPY src/ /work/
                FROM scratch AS unused
                COPY missing-on-purpose /x
                FROM scratch
                COPY --from=build /work/main.txt /app/
                COPY --from=0 /bin/busybox /bin/
                COPY --from=extra /data.txt /data/
                """);
        TestBuild.write(ctx, "src/main.txt", "main\n");
        Path extra = tmp.resolve("extra");
        TestBuild.write(extra, "data.txt", "data\n");
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base())
                .buildContext(NamedContext.parse("extra=" + extra)).tag("multi:1"));
        assertTrue(build.stepLines().stream().anyMatch(l -> l.contains("[build 1/2] FROM base")), build.stepLines().toString());
        assertTrue(build.stepLines().stream().anyMatch(l -> l.contains("[stage-2 1/3] COPY --from=build /work/main.txt /app/")),
                build.stepLines().toString());
        Path rootfs = TestBuild.unpack(root, "multi:1", tmp.resolve("bundle"));
        assertEquals("main\n", Files.readString(rootfs.resolve("app/main.txt")));
        assertEquals("data\n", Files.readString(rootfs.resolve("data/data.txt")));
        assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox")));
    }

    @Test
    void argsAndEnvFollowDockerRules() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                ARG NAME=global
                ARG ONLY_GLOBAL=g
                FROM base
                ARG NAME
                ARG ONLY_GLOBAL
                ARG LOCAL=default-$NAME
                ENV FROM_ENV=env
                ARG FROM_ENV=arg
                ARG TARGETARCH
                LABEL name=$NAME only=$ONLY_GLOBAL local=$LOCAL fromenv=$FROM_ENV arch=$TARGETARCH
                """);
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).buildArg("NAME", "cli")
                .buildArg("NOT_DECLARED", "x").platform("linux/amd64").tag("args:1"));
        JsonNode labels = TestBuild.config(root, "args:1").get("config").get("Labels");
        assertEquals("cli", labels.get("name").asText());
        assertEquals("g", labels.get("only").asText());
        assertEquals("default-cli", labels.get("local").asText());
        assertEquals("env", labels.get("fromenv").asText());
        assertEquals("amd64", labels.get("arch").asText());
        assertEquals(List.of("One or more build-args [NOT_DECLARED] were not consumed"), build.warnings());
        List<String> history = new ArrayList<>();
        TestBuild.config(root, "args:1").get("history").forEach(h -> history.add(h.get("created_by").asText()));
        // as BuildKit's: the value each ARG gives, from --build-arg, its default or the global ARG
        assertEquals(List.of("ARG NAME=cli", "ARG ONLY_GLOBAL=g", "ARG LOCAL=default-cli", "ENV FROM_ENV=env", "ARG FROM_ENV=arg",
                "ARG TARGETARCH=amd64"), history.subList(history.size() - 7, history.size() - 1));
        assertFalse(history.stream().anyMatch(h -> h.contains("NOT_DECLARED")), history.toString());
    }

    @Test
    void targetSkipsUnneededStagesAndErrorsNameTheLine() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM scratch AS ok
                COPY a.txt /
                FROM scratch AS broken
                COPY does-not-exist /
                """);
        TestBuild.write(ctx, "a.txt", "a\n");
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.target("ok").tag("ok:1"));
        assertEquals(2, build.stepLines().size());
        BuildException e = assertThrows(BuildException.class, () -> TestBuild.run(ctx, root, b -> b.tag("broken:1")));
        assertTrue(e.getMessage().startsWith("Dockerfile:4: "), e.getMessage());
        BuildException unknown = assertThrows(BuildException.class,
                () -> TestBuild.run(ctx, root, b -> b.target("nope")));
        assertEquals("Dockerfile: target stage \"nope\" could not be found", unknown.getMessage());
    }

    private static List<Integer> owner(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        return List.of((Integer) a.get("uid"), (Integer) a.get("gid"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
