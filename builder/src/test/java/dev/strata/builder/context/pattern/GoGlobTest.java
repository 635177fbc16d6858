package dev.strata.builder.context.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vectors of Go's {@code path/filepath} match_test (Unix), which Docker's globs follow. */
class GoGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc|abc|true",
        "*|abc|true",
        "*c|abc|true",
        "a*|a|true",
        "a*|abc|true",
        "a*|ab/c|false",
        "a*/b|abc/b|true",
        "a*/b|a/c/b|false",
        "a*b*c*d*e*/f|axbxcxdxe/f|true",
        "a*b*c*d*e*/f|axbxcxdxexxx/f|true",
        "a*b*c*d*e*/f|axbxcxdxe/xxx/f|false",
        "a*b*c*d*e*/f|axbxcxdxexxx/fff|false",
        "a*b?c*x|abxbbxdbxebxczzx|true",
        "a*b?c*x|abxbbxdbxebxczzy|false",
        "ab[c]|abc|true",
        "ab[b-d]|abc|true",
        "ab[e-g]|abc|false",
        "ab[^c]|abc|false",
        "ab[^b-d]|abc|false",
        "ab[^e-g]|abc|true",
        "a\\*b|a*b|true",
        "a\\*b|ab|false",
        "a?b|a☺b|true",
        "a[^a]b|a☺b|true",
        "a???b|a☺b|false",
        "a[^a][^a][^a]b|a☺b|false",
        "[a-ζ]*|α|true",
        "*[a-ζ]|A|false",
        "a?b|a/b|false",
        "a*b|a/b|false",
        "[\\]a]|]|true",
        "[\\-]|-|true",
        "[x\\-]|x|true",
        "[x\\-]|-|true",
        "[x\\-]|z|false",
        "[\\-x]|x|true",
        "[\\-x]|-|true",
        "[\\-x]|a|false",
        "*x|xxx|true",
        "''|''|true",
        "*|''|true",
        "*.txt|dir/a.txt|false",
        "*/*.txt|dir/a.txt|true",
    })
    void matches(String pattern, String name, boolean expected) {
        assertEquals(expected, GoGlob.matches(pattern, name));
    }

    @ParameterizedTest(name = "{0} vs {1} is a bad pattern")
    @CsvSource(delimiter = '|', value = {
        "[]a]|]", "[-]|-", "[x-]|x", "[x-]|-", "[x-]|z", "[-x]|x", "[-x]|-", "[-x]|a",
        "\\|a", "[a-b-c]|a", "[|a", "[^|a", "[^bc|a", "a[|a", "a[|ab", "a[|x", "a/b[|x",
    })
    void badPatterns(String pattern, String name) {
        GoGlob.BadPatternException e =
                assertThrows(GoGlob.BadPatternException.class, () -> GoGlob.matches(pattern, name));
        assertEquals("syntax error in pattern \"" + pattern + "\"", e.getMessage());
    }

    @Test
    void wildcardDetectionSkipsEscapes() {
        assertTrue(GoGlob.hasWildcards("src/*.go"));
        assertTrue(GoGlob.hasWildcards("file?.txt"));
        assertTrue(GoGlob.hasWildcards("[ab].txt"));
        assertFalse(GoGlob.hasWildcards("plain/file.txt"));
        assertFalse(GoGlob.hasWildcards("star\\*.txt"));
    }
}
