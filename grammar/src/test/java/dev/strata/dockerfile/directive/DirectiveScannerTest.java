package dev.strata.dockerfile.directive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectiveScannerTest {

    @Test
    void readsSyntaxEscapeAndCheck() {
        ParserDirectives d = DirectiveScanner.scan(
                "# syntax=docker/dockerfile:1\n#escape=`\n  #  CHECK = skip=all  \nFROM x\n");
        assertEquals('`', d.escape());
        assertEquals(Optional.of("docker/dockerfile:1"), d.syntax());
        assertEquals(Optional.of("skip=all"), d.check());
        assertEquals(3, d.lines());
    }

    @Test
    void defaultsWhenThereAreNone() {
        ParserDirectives d = DirectiveScanner.scan("FROM x\n");
        assertEquals('\\', d.escape());
        assertEquals(Optional.empty(), d.syntax());
        assertEquals(0, d.lines());
    }

    /** The first line that is not a known directive ends the section, as in BuildKit. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "after an instruction   | FROM x\\n# escape=`\\n",
        "after a blank line     | \\n# escape=`\\nFROM x\\n",
        "after a comment        | # hello\\n# escape=`\\nFROM x\\n",
        "after an unknown key   | # foo=bar\\n# escape=`\\nFROM x\\n",
        "without an equals sign | # escape `\\nFROM x\\n",
    })
    void directivesStopAtTheFirstOtherLine(String name, String content) {
        assertEquals('\\', DirectiveScanner.scan(content.replace("\\n", "\n")).escape());
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertEquals('`', DirectiveScanner.scan("\uFEFF# escape=`\nFROM x\n").escape());
    }

    @Test
    void repeatedDirectiveIsAnErrorOnItsLine() {
        DirectiveException e = assertThrows(DirectiveException.class,
                () -> DirectiveScanner.scan("# syntax=a\n# SYNTAX=b\nFROM x\n"));
        assertEquals(2, e.line());
        assertEquals("only one syntax parser directive can be used", e.reason());
    }

    @Test
    void escapeMustBeBackslashOrBacktick() {
        DirectiveException e = assertThrows(DirectiveException.class, () -> DirectiveScanner.scan("# escape=x\n"));
        assertEquals(1, e.line());
        assertEquals("invalid escape token 'x' does not match ` or \\", e.reason());
    }
}
