package dev.strata.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact one-line messages for bad Dockerfiles: file, line, and the column when one token is
 * at fault. In the table, {@code /} stands for a line break.
 */
class ParseErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "FROM scratch//RUNN echo          | Dockerfile:3: unknown instruction \"RUNN\" (did you mean RUN?)",
        "FORM scratch                     | Dockerfile:1: unknown instruction \"FORM\" (did you mean FROM?)",
        "FROM a/copy . dst                | ~~",
        "FROM a/WORKDIRR /app             | Dockerfile:2: unknown instruction \"WORKDIRR\" (did you mean WORKDIR?)",
        "FROM a/BOGUS x                   | Dockerfile:2: unknown instruction \"BOGUS\"",
        "FROM a//ENV =1                   | Dockerfile:3: ENV names can not be blank",
        "FROM a/LABEL =1                  | Dockerfile:2: LABEL names can not be blank",
        "FROM a/LABEL version             | Dockerfile:2: LABEL must have two arguments: LABEL key=value (or the legacy LABEL key value)",
        "FROM a/ENV PATH                  | Dockerfile:2: ENV must have two arguments: ENV key=value (or the legacy ENV key value)",
        "FROM a/ENV a=1 b                 | Dockerfile:2: Syntax error - can't find = in \"b\". Must be of the form: name=value",
        "FROM a/ENV                       | Dockerfile:2: ENV requires at least one argument",
        "FROM a/ARG =x                    | Dockerfile:2:5: ARG names can not be blank",
        "''                               | Dockerfile: file with no instructions",
        "# just a comment//# another      | Dockerfile: file with no instructions",
        "FROM a/CMD [\"echo\", 1]         | Dockerfile:2:14: JSON arrays must contain only strings, found a number",
        "FROM a/CMD [\"echo\", [\"x\"]]   | Dockerfile:2:14: JSON arrays must contain only strings, found an array",
        "FROM a/RUN [\"a\", \\/  {}]      | Dockerfile:3:3: JSON arrays must contain only strings, found an object",
        "FROM a/ENTRYPOINT [null]         | Dockerfile:2:13: JSON arrays must contain only strings, found null",
        "FROM a/HEALTHCHECK CMD [true]    | Dockerfile:2:18: JSON arrays must contain only strings, found a boolean",
        "FROM                             | Dockerfile:1: FROM requires either one or three arguments (FROM image [AS name])",
        "FROM a b                         | Dockerfile:1: FROM requires either one or three arguments (FROM image [AS name])",
        "FROM a AS 1st                    | Dockerfile:1:11: invalid name for build stage: \"1st\", name can't start with a number or contain symbols",
        "FROM a/COPY onlyone              | Dockerfile:2: COPY requires at least two arguments (sources and a destination), but only one was provided",
        "FROM a/ADD                       | Dockerfile:2: ADD requires at least two arguments (sources and a destination)",
        "FROM a/RUN                       | Dockerfile:2: RUN requires at least one argument",
        "FROM a/EXPOSE                    | Dockerfile:2: EXPOSE requires at least one argument",
        "FROM a/VOLUME                    | Dockerfile:2: VOLUME requires at least one argument",
        "FROM a/VOLUME [\"\"]             | Dockerfile:2: VOLUME specified can not be an empty string",
        "FROM a/USER                      | Dockerfile:2: USER requires exactly one argument",
        "FROM a/WORKDIR                   | Dockerfile:2: WORKDIR requires exactly one argument",
        "FROM a/STOPSIGNAL                | Dockerfile:2: STOPSIGNAL requires exactly one argument",
        "FROM a/SHELL /bin/sh -c          | Dockerfile:2: SHELL requires the arguments to be in JSON form (SHELL [\"executable\", \"parameters\"])",
        "FROM a/SHELL []                  | Dockerfile:2: SHELL requires at least one argument",
        "FROM a/ONBUILD                   | Dockerfile:2: ONBUILD requires at least one argument",
        "FROM a/ONBUILD ONBUILD RUN x     | Dockerfile:2: chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        "FROM a/ONBUILD FROM b            | Dockerfile:2: FROM isn't allowed as an ONBUILD trigger",
        "FROM a/ONBUILD RUNN x            | Dockerfile:2: unknown instruction \"RUNN\" (did you mean RUN?)",
        "FROM a/HEALTHCHECK               | Dockerfile:2: HEALTHCHECK requires at least one argument (NONE or CMD)",
        "FROM a/HEALTHCHECK CONNECT x     | Dockerfile:2:13: unknown type \"CONNECT\" in HEALTHCHECK (try CMD)",
        "FROM a/HEALTHCHECK NONE x        | Dockerfile:2: HEALTHCHECK NONE takes no arguments",
        "FROM a/HEALTHCHECK CMD           | Dockerfile:2: missing command after HEALTHCHECK CMD",
        "FROM a/RUN <<EOF/echo            | Dockerfile:3: unterminated heredoc \"EOF\" (started on line 2)",
        "# escape=x/FROM a                | Dockerfile:1: invalid escape token 'x' does not match ` or \\",
        "# syntax=a/# syntax=b/FROM a     | Dockerfile:2: only one syntax parser directive can be used",
        "FROM a/RUN echo \\/  more/RUNN x | Dockerfile:4: unknown instruction \"RUNN\" (did you mean RUN?)",
    })
    void messages(String dockerfile, String expected) {
        String content = dockerfile.equals("''") ? "" : dockerfile.strip().replace("/", "\n") + "\n";
        if (expected == null || expected.isEmpty()) {
            Dockerfiles.parse("Dockerfile", content);
            return;
        }
        DockerfileException e = assertThrows(DockerfileException.class, () -> Dockerfiles.parse("Dockerfile", content));
        assertEquals(expected.strip(), e.getMessage());
    }
}
