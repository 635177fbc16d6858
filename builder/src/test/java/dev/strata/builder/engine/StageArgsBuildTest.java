package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARG values across stages built on one another and across repeated ARGs, as BuildKit keeps them
 * (kaniko's Dockerfile_test_multistage_args_issue_1911).
 */
class StageArgsBuildTest {
    @TempDir
    Path tmp;

    @Test
    void aStageBuiltOnAnotherSeesItsArgsAndAValuelessArgKeepsTheValue() throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx);
        String dockerfile = """
                ARG OTHER=fix
                FROM scratch AS base
                ARG NAME=base
                ARG X=1
                ARG X
                ENV SEEN_X=$X
                FROM base AS dev
                ENV SEEN_BASE=$NAME
                ARG NAME="$NAME-dev"
                LABEL dev=$NAME
                FROM dev
                ARG NAME
                ENV SEEN=$NAME SEEN_OTHER=x$OTHER
                ARG OTHER
                LABEL other=$OTHER
                """;
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.dockerfile(DockerfileSource.text(dockerfile)).tag("args:1"));
        JsonNode raw = TestBuild.rawConfig(root, "args:1");
        List<String> env = new ArrayList<>();
        raw.get("config").get("Env").forEach(e -> env.add(e.asText()));
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "SEEN_X=1", "SEEN_BASE=base",
                "SEEN=base-dev", "SEEN_OTHER=x"), env);
        assertEquals("base-dev", raw.get("config").get("Labels").get("dev").asText());
        assertEquals("fix", raw.get("config").get("Labels").get("other").asText(), "a global ARG still needs declaring");
    }

    @Test
    void runInAStageBuiltOnAnotherGetsItsArgsInEnvironmentAndHistory() throws IOException {
        Tools.require("runc");
        Path layout = BusyboxLayout.create(tmp.resolve("busybox"), "1.0");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base AS first
                ARG NAME=base
                FROM first AS second
                ARG A
                ARG NAME
                ARG A=a
                RUN echo "$NAME $A" > /seen
                """);
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(NamedContext.parse("base=oci-layout://" + layout + ":1.0")).tag("args:2"));
        Path rootfs = TestBuild.unpack(root, "args:2", tmp.resolve("bundle"));
        assertEquals("base a\n", Files.readString(rootfs.resolve("seen")));
        List<String> history = new ArrayList<>();
        TestBuild.rawConfig(root, "args:2").get("history").forEach(h -> history.add(h.get("created_by").asText()));
        assertEquals("RUN |2 NAME=base A=a /bin/sh -c echo \"$NAME $A\" > /seen # buildkit", history.get(history.size() - 1));
    }
}
