package dev.strata.dockerfile.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One Dockerfile per check that triggers it, with BuildKit's exact message and line. */
class DockerfileChecksTest {

    static Stream<Arguments> triggers() {
        return Stream.of(
                Arguments.of("SecretsUsedInArgOrEnv", """
                        FROM scratch
                        ARG GITHUB_TOKEN
                        ENV DB_PASSWORD=x PUBLIC_KEY=y
                        """, List.of(
                        "Dockerfile:2: WARN SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"GITHUB_TOKEN\")",
                        "Dockerfile:3: WARN SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")")),
                Arguments.of("JSONArgsRecommended", """
                        FROM scratch
                        ENTRYPOINT ["/bin/app"]
                        CMD run --fast
                        """, List.of(
                        "Dockerfile:3: WARN JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals")),
                Arguments.of("StageNameCasing", """
                        FROM scratch AS Builder
                        """, List.of(
                        "Dockerfile:1: WARN StageNameCasing: Stage name 'Builder' should be lowercase")),
                Arguments.of("FromAsCasing", """
                        FROM scratch as base
                        """, List.of(
                        "Dockerfile:1: WARN FromAsCasing: 'as' and 'FROM' keywords' casing do not match")),
                Arguments.of("ConsistentInstructionCasing", """
                        FROM scratch
                        run ["true"]
                        COPY a b
                        """, List.of(
                        "Dockerfile:2: WARN ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase)")),
                Arguments.of("DuplicateStageName", """
                        FROM scratch AS base
                        FROM scratch AS base
                        """, List.of(
                        "Dockerfile:2: WARN DuplicateStageName: Duplicate stage name \"base\", stage names should be unique")),
                Arguments.of("ReservedStageName", """
                        FROM scratch AS context
                        """, List.of(
                        "Dockerfile:1: WARN ReservedStageName: Stage name should not use the same name as reserved stage \"context\"")),
                Arguments.of("UndefinedVar", """
                        FROM scratch
                        ENV PATH=$PATH:/opt/bin
                        ARG DECLARED
                        COPY $DECLARED $UNDEFINED /x/
                        WORKDIR /$PAHT
                        """, List.of(
                        "Dockerfile:4: WARN UndefinedVar: Usage of undefined variable '$UNDEFINED'",
                        "Dockerfile:5: WARN UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?)")),
                Arguments.of("UndefinedArgInFrom", """
                        ARG VERSION=1
                        FROM busybox${VERSOIN}
                        """, List.of(
                        "Dockerfile:2: WARN UndefinedArgInFrom: FROM argument 'VERSOIN' is not declared (did you mean VERSION?)")),
                Arguments.of("InvalidDefaultArgInFrom", """
                        ARG TAG
                        FROM busybox:${TAG}
                        """, List.of(
                        "Dockerfile:2: WARN InvalidDefaultArgInFrom: Default value for ARG busybox:${TAG} results in empty or invalid base image name")),
                Arguments.of("MaintainerDeprecated", """
                        FROM scratch
                        MAINTAINER someone@example.com
                        """, List.of(
                        "Dockerfile:2: WARN MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label")),
                Arguments.of("LegacyKeyValueFormat", """
                        FROM scratch
                        ENV FOO bar baz
                        LABEL maintainer me
                        """, List.of(
                        "Dockerfile:2: WARN LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                        "Dockerfile:3: WARN LegacyKeyValueFormat: \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format")),
                Arguments.of("WorkdirRelativePath", """
                        FROM scratch
                        WORKDIR app
                        WORKDIR sub
                        """, List.of(
                        "Dockerfile:2: WARN WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes")),
                Arguments.of("MultipleInstructionsDisallowed", """
                        FROM scratch
                        CMD ["a"]
                        HEALTHCHECK NONE
                        CMD ["b"]
                        """, List.of(
                        "Dockerfile:2: WARN MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used")),
                Arguments.of("ExposeProtoCasing", """
                        FROM scratch
                        EXPOSE 80/TCP 53/udp
                        """, List.of(
                        "Dockerfile:2: WARN ExposeProtoCasing: Defined protocol '80/TCP' in EXPOSE instruction should be lowercase")),
                Arguments.of("ExposeInvalidFormat", """
                        FROM scratch
                        EXPOSE 127.0.0.1:80:80 8080
                        """, List.of(
                        "Dockerfile:2: WARN ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("triggers")
    void eachCheckTriggersWithBuildKitsMessage(String check, String dockerfile, List<String> expected) {
        assertEquals(expected, formatted(dockerfile, CheckOptions.lint()));
    }

    @Test
    void fromFlagsAreNotArgumentsButTheirVariablesAreChecked() {
        String dockerfile = """
                FROM --platform=$BUILDPLATFORM scratch as base
                FROM --platform=${PLATFORM} base AS Final
                """;
        assertEquals(List.of(
                "Dockerfile:1: WARN FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
                "Dockerfile:2: WARN StageNameCasing: Stage name 'Final' should be lowercase",
                "Dockerfile:2: WARN UndefinedArgInFrom: FROM argument 'PLATFORM' is not declared"),
                formatted(dockerfile, CheckOptions.lint()));
    }

    @Test
    void cleanDockerfileTriggersNothing() {
        String dockerfile = """
                # check=error=true
                ARG BASE=busybox:1.36
                FROM ${BASE} AS build
                ARG TARGETARCH
                WORKDIR /src
                COPY . .
                RUN ["sh", "-c", "echo $TARGETARCH"]
                FROM scratch
                COPY --from=build /src /app
                ENV A=1 B=2
                LABEL org.opencontainers.image.title="demo app"
                EXPOSE 80/tcp 53/udp 8080
                USER 1000:1000
                ENTRYPOINT ["/app/run"]
                CMD ["--help"]
                """;
        assertEquals(List.of(), formatted(dockerfile, CheckOptions.lint()));
    }

    @Test
    void copyIgnoredFileAsksTheContextsDockerignore() {
        ContextIgnore ignore = new FakeIgnore(List.of("secret.txt", "build"), false, false);
        String dockerfile = """
                FROM scratch
                COPY ./secret.txt /
                ADD build/out.jar app.txt /
                COPY . /all/
                COPY --from=busybox secret.txt /
                """;
        assertEquals(List.of(
                "Dockerfile:2: WARN CopyIgnoredFile: Attempting to Copy file \"secret.txt\" that is excluded by .dockerignore",
                "Dockerfile:3: WARN CopyIgnoredFile: Attempting to Add file \"build/out.jar\" that is excluded by .dockerignore"),
                formatted(dockerfile, CheckOptions.lint().withDockerignore(ignore)));
        ContextIgnore withExceptions = new FakeIgnore(List.of("secret.txt"), true, false);
        assertEquals(List.of(), formatted(dockerfile, CheckOptions.lint().withDockerignore(withExceptions)));
        ContextIgnore everything = new FakeIgnore(List.of("."), false, true);
        assertEquals(List.of(
                "Dockerfile:2: WARN CopyIgnoredFile: Attempting to Copy file \".\" that is excluded by .dockerignore"),
                formatted("FROM scratch\nCOPY . /all/\n", CheckOptions.lint().withDockerignore(everything)));
    }

    @Test
    void directiveSkipsNamedChecksOrAll() {
        String body = "FROM scratch as base\nMAINTAINER me\n";
        assertEquals(List.of("Dockerfile:3: WARN MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label"),
                formatted("# check=skip=FromAsCasing\n" + body, CheckOptions.lint()));
        assertEquals(List.of(), formatted("# check=skip=FromAsCasing, MaintainerDeprecated\n" + body, CheckOptions.lint()));
        assertEquals(List.of(), formatted("# check=skip=all\n" + body, CheckOptions.lint()));
    }

    @Test
    void errorTrueTurnsWarningsIntoABuildFailure() {
        var result = Dockerfiles.parse("Dockerfile", "# check=error=true\nFROM scratch as base\nMAINTAINER me\n");
        var warnings = DockerfileChecks.run(result, CheckOptions.lint());
        CheckDirective directive = DockerfileChecks.directive(result, CheckOptions.lint());
        assertEquals(Optional.of("lint violation found for rules: FromAsCasing, MaintainerDeprecated"),
                directive.failure(warnings));
        var quiet = Dockerfiles.parse("Dockerfile", "FROM scratch as base\n");
        assertEquals(Optional.empty(), DockerfileChecks.directive(quiet, CheckOptions.lint())
                .failure(DockerfileChecks.run(quiet, CheckOptions.lint())));
    }

    @Test
    void buildArgReplacesTheDirective() {
        var options = CheckOptions.lint().withBuildArgs(Map.of("BUILDKIT_DOCKERFILE_CHECK", "skip=all"));
        assertEquals(List.of(), formatted("FROM scratch as base\n", options));
    }

    @Test
    void malformedDirectiveIsAnErrorNamingTheFile() {
        var result = Dockerfiles.parse("Dockerfile", "# check=skip=A;bogus\nFROM scratch\n");
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> DockerfileChecks.run(result, CheckOptions.lint()));
        assertEquals("Dockerfile: failed to parse check options: invalid check option \"bogus\"", e.getMessage());
        var bad = Dockerfiles.parse("Dockerfile", "# check=error=maybe\nFROM scratch\n");
        e = assertThrows(DockerfileException.class, () -> DockerfileChecks.run(bad, CheckOptions.lint()));
        assertEquals("Dockerfile: failed to parse check options: failed to parse check option \"error=maybe\": "
                + "strconv.ParseBool: parsing \"maybe\": invalid syntax", e.getMessage());
    }

    @Test
    void aBuildOnlyChecksInstructionsOfStagesItNeeds() {
        String dockerfile = """
                FROM scratch AS unused
                CMD echo unused
                FROM scratch AS deps
                WORKDIR rel
                FROM scratch as final
                COPY --from=deps /x /x
                """;
        List<String> lint = formatted(dockerfile, CheckOptions.lint());
        assertEquals(3, lint.size(), lint.toString());
        assertEquals(List.of(
                "Dockerfile:4: WARN WorkdirRelativePath: Relative workdir \"rel\" can have unexpected results if the base image changes",
                "Dockerfile:5: WARN FromAsCasing: 'as' and 'FROM' keywords' casing do not match"),
                formatted(dockerfile, CheckOptions.build(Optional.empty(), Map.of())));
        assertEquals(List.of(
                "Dockerfile:2: WARN JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
                "Dockerfile:5: WARN FromAsCasing: 'as' and 'FROM' keywords' casing do not match"),
                formatted(dockerfile, CheckOptions.build(Optional.of("unused"), Map.of())));
    }

    @Test
    void variablesFollowArgsEnvAndParentStages() {
        String dockerfile = """
                ARG GLOBAL=g
                FROM scratch AS base
                ARG GLOBAL
                ENV HOME=/root A=$HOME
                FROM base
                WORKDIR $HOME/$GLOBAL
                LABEL x=$NOPE
                """;
        assertEquals(List.of(
                "Dockerfile:4: WARN UndefinedVar: Usage of undefined variable '$HOME'",
                "Dockerfile:7: WARN UndefinedVar: Usage of undefined variable '$NOPE' (did you mean $HOME?)"),
                formatted(dockerfile, CheckOptions.lint()));
        var withImageEnv = CheckOptions.lint().withBaseImageEnv(image -> Optional.of(List.of("GOPATH=/go")));
        assertEquals(List.of(), formatted("FROM golang\nWORKDIR $GOPATH/src\n", withImageEnv));
        assertEquals(List.of("Dockerfile:2: WARN UndefinedVar: Usage of undefined variable '$GOPTAH' (did you mean $GOPATH?)"),
                formatted("FROM golang\nWORKDIR /$GOPTAH/src\n", withImageEnv));
    }

    @Test
    void anImageWhoseEnvironmentIsUnknownIsNotBlamedForUndefinedVariables() {
        String dockerfile = "FROM golang AS build\nWORKDIR /$GOPATH/src\nFROM build\nCOPY $GOBIN /x/\n";
        assertEquals(List.of(), formatted(dockerfile, CheckOptions.lint()));
    }

    @Test
    void aBaseImagesEnvironmentIsReadOnlyWhenAWordNamesAVariable() {
        List<String> asked = new ArrayList<>();
        var options = CheckOptions.lint().withBaseImageEnv(image -> {
            asked.add(image);
            return Optional.of(List.of("GOPATH=/go"));
        });
        assertEquals(List.of(), formatted("FROM golang\nRUN go build ./...\nCOPY a /b/\n", options));
        assertEquals(List.of(), asked, "no word names a variable: the image's config is not read");

        assertEquals(List.of("Dockerfile:2: WARN UndefinedVar: Usage of undefined variable '$GOPTAH' (did you mean $GOPATH?)"),
                formatted("FROM golang\nCOPY --chown=$GOPTAH a /b/\n", options));
        assertEquals(List.of("golang"), asked);
        asked.clear();
        formatted("FROM golang\nRUN <<EOF\necho $GOPATH\nEOF\n", options);
        assertEquals(List.of("golang"), asked, "a heredoc's body names one");
    }

    private static List<String> formatted(String dockerfile, CheckOptions options) {
        return DockerfileChecks.run(Dockerfiles.parse("Dockerfile", dockerfile), options).stream()
                .map(CheckWarning::format)
                .toList();
    }

    /** A .dockerignore stand-in: excluded paths and their children. */
    private record FakeIgnore(List<String> excluded, boolean hasExceptions, boolean excludesRoot)
            implements ContextIgnore {
        @Override
        public boolean matchesOrParentMatches(String path) {
            return excluded.stream().anyMatch(e -> path.equals(e) || path.startsWith(e + "/"));
        }
    }
}
