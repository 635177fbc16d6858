package dev.strata.dockerfile.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.dockerfile.model.RawInstruction;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The raw syntax layer on inputs the BuildKit fixtures do not cover: continuation corner cases and
 * JSON decoding. In the table, {@code /} is a line break; the result is the BuildKit dump of every
 * instruction with its (start-end) lines.
 */
class DockerfileReaderTest {

    private static String read(String content, char escape) {
        List<RawInstruction> all = DockerfileReader.readRaw("Dockerfile", content, escape).instructions();
        return all.stream()
                .map(r -> r.location().startLine() + "-" + r.location().endLine() + " "
                        + BuildkitDump.dump(List.of(r)).strip())
                .collect(Collectors.joining(" ; "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "RUN a\\\\/RUN b            | 1-1 (run \"a\\\\\\\\\") ; 2-2 (run \"b\")",
        "RUN a\\\\\\/RUN b          | 1-1 (run \"a\\\\\\\\\\\\\") ; 2-2 (run \"b\")",
        "RUN a \\ \t /  b           | 1-2 (run \"a   b\")",
        "RUN a/\\/RUN b             | 1-1 (run \"a\") ; 2-3 (run \"b\")",
        "RUN a \\                   | 1-1 (run \"a\")",
        "RUN a \\/# c \\/  # d/ b   | 1-4 (run \"a  b\")",
        "  RUN   a   b   /\t/ x y   | 1-1 (run \"a   b\") ; 3-3 (x \"\")",
    })
    void continuations(String content, String expected) {
        assertEquals(expected.strip(), read(content.strip().replace("/", "\n") + "\n", '\\'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "CMD [ \"a\" ,\"b\" ]                     | 1-1 (cmd \"a\" \"b\")",
        "CMD [\"\\ud83d\\ude00 \\u00e9\\t\"]      | 1-1 (cmd \"😀 é\\t\")",
        "CMD [\"\\ud83d\"]                        | 1-1 (cmd \"\uFFFD\")",
        "CMD [\"a\"] && b                         | 1-1 (cmd \"[\\\"a\\\"] && b\")",
        "CMD [\"a\" \"b\"]                        | 1-1 (cmd \"[\\\"a\\\" \\\"b\\\"]\")",
        "CMD [\"a\\x\"]                           | 1-1 (cmd \"[\\\"a\\\\x\\\"]\")",
        "CMD [01]                                 | 1-1 (cmd \"[01]\")",
        "COPY [\"a\", \"b\"] extra                | 1-1 (copy \"[\\\"a\\\",\" \"\\\"b\\\"]\" \"extra\")",
        "COPY [a b] /c                            | 1-1 (copy \"[a\" \"b]\" \"/c\")",
        "HEALTHCHECK --retries=2 CMD [\"x\"]      | 1-1 (healthcheck [\"--retries=2\"] \"CMD\" \"x\")",
    })
    void jsonForms(String content, String expected) {
        assertEquals(expected.strip(), read(content.strip() + "\n", '\\'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "RUN a `/  b            | 1-2 (run \"a   b\")",
        "RUN c:\\ /RUN d        | 1-1 (run \"c:\\\\\") ; 2-2 (run \"d\")",
        "ARG a=`\" b            | 1-1 (arg \"a=`\\\"\" \"b\")",
    })
    void backtickEscape(String content, String expected) {
        assertEquals(expected.strip(), read(content.strip().replace("/", "\n") + "\n", '`'));
    }
}
