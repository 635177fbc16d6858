package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.SecretSpec;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RUN through the exec package on a busybox base: changes, env and args, cache, failures, heredocs, secrets. */
class RunBuildTest {
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

    @Test
    void theBuiltImageRunsUnderRuncAndItsCmdSeesTheFiles() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "hello.txt", "from the context\n");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                WORKDIR /app
                RUN echo "made by RUN" > /app/msg && rm /etc/group
                COPY hello.txt .
                ENV GREETING=hi
                CMD ["sh", "-c", "cat /app/msg hello.txt; echo \\"$GREETING from $(pwd)\\"; test -e /etc/group || echo no-group"]
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("runnable:1"));
        Path bundle = tmp.resolve("bundle");
        TestBuild.unpack(root, "runnable:1", bundle);
        // this host cannot raise rlimits (no CAP_SYS_RESOURCE): run with the builder's own
        Path config = bundle.resolve("config.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode process = (com.fasterxml.jackson.databind.node.ObjectNode) doc.get("process");
        process.remove("rlimits");
        process.put("terminal", false);
        json.writeValue(config.toFile(), doc);

        String id = "strata-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        String out = dev.strata.builder.testing.Command.ok("runc", "run", "--bundle", bundle.toString(), id);
        assertEquals("made by RUN\nfrom the context\nhi from /app\nno-group\n", out);
    }

    @Test
    void runChangesFilesWithEnvArgsAndWorkdir() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                ARG NAME=world
                ENV GREETING=hello
                WORKDIR /work
                RUN echo "$GREETING $NAME" > greeting.txt && rm /etc/group && mkdir -p /var/x && ln -s greeting.txt link
                RUN <<EOF
                echo heredoc > /work/heredoc.txt
                id -u > /work/uid.txt
                EOF
                USER app
                RUN id -u > /tmp/app-uid.txt
                """);
        Path root = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, root, b -> b.buildContext(base()).buildArg("NAME", "strata").tag("run:1"));
        Path rootfs = TestBuild.unpack(root, "run:1", tmp.resolve("bundle"));
        assertEquals("hello strata\n", Files.readString(rootfs.resolve("work/greeting.txt")));
        assertEquals("heredoc\n", Files.readString(rootfs.resolve("work/heredoc.txt")));
        assertEquals("0\n", Files.readString(rootfs.resolve("work/uid.txt")));
        assertEquals("1000\n", Files.readString(rootfs.resolve("tmp/app-uid.txt")));
        assertFalse(Files.exists(rootfs.resolve("etc/group")));
        assertTrue(Files.isDirectory(rootfs.resolve("var/x")));
        assertEquals("greeting.txt", Files.readSymbolicLink(rootfs.resolve("work/link")).toString());

        List<String> history = new ArrayList<>();
        TestBuild.config(root, "run:1").get("history").forEach(h -> history.add(h.get("created_by").asText()));
        assertTrue(history.contains("RUN |1 NAME=strata /bin/sh -c echo \"$GREETING $NAME\" > greeting.txt && rm /etc/group "
                + "&& mkdir -p /var/x && ln -s greeting.txt link # buildkit"), history.toString());

        TestBuild again = TestBuild.run(ctx, root, b -> b.buildContext(base()).buildArg("NAME", "strata").tag("run:1"));
        assertEquals(build.result.manifestDigest(), again.result.manifestDigest());
        assertTrue(again.stepLines().stream().filter(l -> l.matches("#[0-9]+ (CACHED|DONE)")).allMatch(l -> l.endsWith("CACHED")),
                again.stepLines().toString());
        assertTrue(again.events.stream().noneMatch(e -> e instanceof BuildEvent.LogLine l && l.line().contains("heredoc")));
    }

    @Test
    void failingRunNamesTheLineAndCode() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN echo about to fail\nRUN echo last words && exit 3\n");
        BuildException e = assertThrows(BuildException.class,
                () -> TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).tag("fail:1")));
        assertTrue(e.getMessage().startsWith("Dockerfile:3: RUN exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("last words"), e.getMessage());
    }

    @Test
    void secretsNeverReachABlob() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN --mount=type=secret,id=token wc -c /run/secrets/token > /size.txt
                """);
        Path secret = TestBuild.write(tmp, "token.txt", "s3cr3t-value-42");
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).secret(SecretSpec.parse("id=token,src=" + secret)).tag("sec:1"));
        Path rootfs = TestBuild.unpack(root, "sec:1", tmp.resolve("bundle"));
        assertTrue(Files.readString(rootfs.resolve("size.txt")).startsWith("15"));
        try (Stream<Path> blobs = Files.walk(root.resolve("blobs"))) {
            for (Path blob : blobs.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(blob), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(content.contains("s3cr3t-value-42"), "secret in " + blob);
            }
        }
    }

    @Test
    void copyFromAStageThatRan() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base AS build
                RUN mkdir /out && echo built > /out/result.txt
                FROM scratch
                COPY --from=build /out/ /
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base()).tag("staged:1"));
        JsonNode manifest = TestBuild.manifest(root, "staged:1");
        assertEquals(1, manifest.get("layers").size());
        Path rootfs = TestBuild.unpack(root, "staged:1", tmp.resolve("bundle"));
        assertEquals("built\n", Files.readString(rootfs.resolve("result.txt")));
    }
}
