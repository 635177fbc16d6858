package dev.strata.dockerfile.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checks and check errors {@code docker build --check} gives that issue 13 found missing. */
class DockerExactChecksTest {

    private static List<String> warnings(String dockerfile) {
        return DockerfileChecks.run(Dockerfiles.parse("Dockerfile", dockerfile), CheckOptions.lint()).stream()
                .map(CheckWarning::format).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            \\nFROM scratch\\nCOPY Dockerfile \\\\n\\n.\\nCOPY Dockerfile \\\\n.\\n | Dockerfile:5: WARN NoEmptyContinuation: Empty continuation line
            \\nFROM --platform=$TARGETPLATFORM scratch\\n                        | Dockerfile:2: WARN RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior
            \\nFROM --platform=${TARGETPLATFORM} scratch\\n                      | Dockerfile:2: WARN RedundantTargetPlatform: Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior
            FROM --platform=windows/amd64 scratch\\nWORKDIR app\\n                  | Dockerfile:2: WARN WorkdirRelativePath: Relative workdir "app" can have unexpected results if the base image changes
            FROM --platform=windows/amd64 scratch\\nWORKDIR D:/app\\n               | Dockerfile:2: WARN WorkdirRelativePath: Relative workdir "D:/app" can have unexpected results if the base image changes
            FROM scratch\\nWORKDIR C:/app\\n                                         | Dockerfile:2: WARN WorkdirRelativePath: Relative workdir "C:/app" can have unexpected results if the base image changes
            """)
    void warnsAsBuildKit(String dockerfile, String expected) {
        assertEquals(List.of(expected), warnings(dockerfile.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FROM --platform=$BUILDPLATFORM scratch\\n
            FROM --platform=$TARGETOS/$TARGETARCH scratch\\n
            FROM --platform=windows/amd64 scratch\\nWORKDIR C:/app\\n
            FROM --platform=windows/amd64 scratch\\nWORKDIR /app\\n
            FROM --platform=windows/amd64 scratch AS a\\nFROM a\\nWORKDIR c:/app\\n
            """)
    void staysQuietAsBuildKit(String dockerfile) {
        assertEquals(List.of(), warnings(dockerfile.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            RUN echo hi\\n                                    | Dockerfile:1: no build stage in current context
            ARG X=1\\n                                        | Dockerfile: dockerfile contains no stages to build
            FROM scratch\\nCOPY --frm=a x /x\\n               | Dockerfile:2: unknown flag: --frm (did you mean from?)
            FROM scratch\\nWORKDIR --foo /x\\n                | Dockerfile:2: unknown flag: --foo
            FROM scratch\\nENV --bar a=b\\n                   | Dockerfile:2: unknown flag: --bar
            FROM --platfrm=linux/amd64 scratch\\n             | Dockerfile:1: unknown flag: --platfrm (did you mean platform?)
            FROM scratch\\nCOPY --from=a --from=b x /x\\n     | Dockerfile:2: duplicate flag specified: --from
            """)
    void reportsBuildKitsParseErrors(String dockerfile, String expected) {
        Optional<DockerfileException> error = DockerfileChecks.error(Dockerfiles.parse("Dockerfile", dockerfile.replace("\\n", "\n")));
        assertEquals(Optional.of(expected), error.map(DockerfileException::getMessage));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FROM scratch\\nCOPY --exclude=a --exclude=b --chown=1 --chmod=644 --link --parents x /x\\n
            FROM scratch\\nRUN --mount=type=tmpfs,target=/t --mount=type=tmpfs,target=/u --network=none true\\n
            FROM scratch\\nHEALTHCHECK --interval=5s --retries=3 CMD true\\n
            FROM scratch\\nHEALTHCHECK --whatever NONE\\n
            FROM scratch\\nSTOPSIGNAL --x SIGTERM\\n
            """)
    void acceptsWhatBuildKitAccepts(String dockerfile) {
        assertEquals(Optional.empty(), DockerfileChecks.error(Dockerfiles.parse("Dockerfile", dockerfile.replace("\\n", "\n"))));
    }
}
