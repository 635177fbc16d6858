package dev.strata.builder.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildPlanTest {
    private static final Map<String, String> AUTO = Platform.args(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));

    private static BuildPlan plan(String dockerfile, Map<String, String> args, String target) {
        return BuildPlan.create(Dockerfiles.parse("Dockerfile", dockerfile), args, Optional.ofNullable(target), AUTO);
    }

    @Test
    void targetPrunesStagesItDoesNotNeed() {
        BuildPlan plan = plan("""
                FROM scratch AS a
                FROM scratch AS b
                COPY --from=a /x /x
                FROM scratch AS unused
                FROM b AS final
                """, Map.of(), "final");
        assertEquals(List.of(0, 1, 3), plan.order());
        assertEquals(3, plan.target());
        assertInstanceOf(StageRef.Stage.class, plan.stages().get(3).base());
    }

    @Test
    void lastStageIsTheDefaultTargetAndIndexesWorkInCopyFrom() {
        BuildPlan plan = plan("""
                FROM scratch
                FROM scratch
                COPY --from=0 /a /a
                """, Map.of(), null);
        assertEquals(List.of(0, 1), plan.order());
        assertEquals("stage-1", plan.targetStage().displayName());
    }

    @Test
    void globalArgsExpandInFromWithBuildArgOverride() {
        String df = """
                ARG BASE=scratch
                ARG TAG
                FROM ${BASE} AS one
                FROM base:${TAG:-none}-$TARGETARCH
                """;
        BuildPlan plan = plan(df, Map.of("TAG", "1.2"), null);
        assertInstanceOf(StageRef.Scratch.class, plan.stages().get(0).base());
        assertEquals("base:1.2-arm64", plan.stages().get(1).baseName());
        assertEquals(new StageRef.Image("base:1.2-arm64"), plan.stages().get(1).base());
        BuildPlan other = plan(df, Map.of("BASE", "one"), null);
        assertEquals("one", other.stages().get(0).baseName());
    }

    @Test
    void aGlobalArgWithoutDefaultKeepsTheAutomaticPlatformValue() {
        BuildPlan plan = plan("""
                ARG TARGETARCH
                ARG BUILDPLATFORM
                ARG TARGETOS=plan9
                FROM --platform=$BUILDPLATFORM golang:1-$TARGETARCH-$TARGETOS
                """, Map.of(), null);
        assertEquals("golang:1-arm64-plan9", plan.stages().get(0).baseName());
        assertEquals(Optional.of("linux/amd64"), plan.stages().get(0).platform());
    }

    @Test
    void fromNamingAnEarlierStageUsesIt() {
        BuildPlan plan = plan("FROM scratch AS build\nFROM BUILD\n", Map.of(), null);
        assertEquals(new StageRef.Stage(0), plan.stages().get(1).base());
        assertEquals(List.of(0, 1), plan.order());
    }

    @Test
    void unknownCopyFromIsAnImage() {
        BuildPlan plan = plan("FROM scratch\nCOPY --from=busybox:1 /bin/sh /sh\n", Map.of(), null);
        assertEquals(List.of(0), plan.order());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FROM scratch AS a\\nCOPY --from=b /x /x\\nFROM scratch AS b\\nCOPY --from=a /y /y  | a | Dockerfile:1: circular dependency detected on stage: a
            FROM scratch AS a\\nCOPY --from=a /x /x                                      | a | Dockerfile:1: circular dependency detected on stage: a
            FROM scratch\\nCOPY --from=3 /x /x                                           |   | Dockerfile:2: invalid stage index 3 (the Dockerfile has 1 stage)
            ARG V=a\\nFROM scratch AS a\\nFROM scratch\\nCOPY --from=$V /x /x                | | Dockerfile:4: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround
            FROM scratch AS stage_a\\nFROM scratch\\nARG v=a\\nCOPY --from=stage_${v} /x /x   | | Dockerfile:4: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround
            ARG V=a\\nFROM scratch AS a\\nFROM scratch\\nCOPY --from="${V}" /x /x            | | Dockerfile:4: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround
            FROM scratch AS a\\nFROM scratch AS A                                         |   | Dockerfile:2: duplicate stage name "a"
            FROM scratch AS 1bad                                                         |   | Dockerfile:1:17: invalid name for build stage: "1bad", name can't start with a number or contain symbols
            FROM scratch AS a                                                            | x | Dockerfile: target stage "x" could not be found
            ARG X\\nFROM $X                                                               |   | Dockerfile:2: base name ($X) should not be blank
            """)
    void rejectsBadGraphsWithTheLine(String dockerfile, String target, String message) {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> plan(dockerfile.replace("\\n", "\n"), Map.of(), target));
        assertEquals(message, e.getMessage());
    }

    @Test
    void declaredArgsCoverGlobalAndBuiltStagesOnly() {
        BuildPlan plan = plan("""
                ARG G
                FROM scratch AS a
                ARG A
                FROM scratch AS b
                ARG B
                """, Map.of(), "a");
        assertEquals(java.util.Set.of("G", "A"), plan.declaredArgs());
    }
}
