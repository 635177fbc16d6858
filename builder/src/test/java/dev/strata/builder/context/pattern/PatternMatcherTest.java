package dev.strata.builder.context.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors of moby/patternmatcher's own TestMatches (exact / inexact / fail). */
class PatternMatcherTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiterString = " ~ ", value = {
        "** ~ file ~ exact",
        "** ~ file/ ~ exact",
        "**/ ~ file ~ exact",
        "**/ ~ file/ ~ exact",
        "** ~ / ~ exact",
        "**/ ~ / ~ exact",
        "** ~ dir/file ~ exact",
        "**/ ~ dir/file ~ exact",
        "** ~ dir/file/ ~ exact",
        "**/ ~ dir/file/ ~ exact",
        "**/** ~ dir/file ~ exact",
        "**/** ~ dir/file/ ~ exact",
        "dir/** ~ dir/file ~ exact",
        "dir/** ~ dir/file/ ~ exact",
        "dir/** ~ dir/dir2/file ~ exact",
        "dir/** ~ dir/dir2/file/ ~ exact",
        "**/dir ~ dir ~ exact",
        "**/dir ~ dir/file ~ inexact",
        "**/dir2/* ~ dir/dir2/file ~ exact",
        "**/dir2/* ~ dir/dir2/file/ ~ inexact",
        "**/dir2/** ~ dir/dir2/dir3/file ~ exact",
        "**/dir2/** ~ dir/dir2/dir3/file/ ~ exact",
        "**file ~ file ~ exact",
        "**file ~ dir/file ~ exact",
        "**/file ~ dir/file ~ exact",
        "**file ~ dir/dir/file ~ exact",
        "**/file ~ dir/dir/file ~ exact",
        "**/file* ~ dir/dir/file ~ exact",
        "**/file* ~ dir/dir/file.txt ~ exact",
        "**/file*txt ~ dir/dir/file.txt ~ exact",
        "**/file*.txt ~ dir/dir/file.txt ~ exact",
        "**/file*.txt* ~ dir/dir/file.txt ~ exact",
        "**/**/*.txt ~ dir/dir/file.txt ~ exact",
        "**/**/*.txt2 ~ dir/dir/file.txt ~ fail",
        "**/*.txt ~ file.txt ~ exact",
        "**/**/*.txt ~ file.txt ~ exact",
        "a**/*.txt ~ a/file.txt ~ exact",
        "a**/*.txt ~ a/dir/file.txt ~ exact",
        "a**/*.txt ~ a/dir/dir/file.txt ~ exact",
        "a/*.txt ~ a/dir/file.txt ~ fail",
        "a/*.txt ~ a/file.txt ~ exact",
        "a/*.txt** ~ a/file.txt ~ exact",
        "a[b-d]e ~ ae ~ fail",
        "a[b-d]e ~ ace ~ exact",
        "a[b-d]e ~ aae ~ fail",
        "a[^b-d]e ~ aze ~ exact",
        ".* ~ .foo ~ exact",
        ".* ~ foo ~ fail",
        "abc.def ~ abcdef ~ fail",
        "abc.def ~ abc.def ~ exact",
        "abc.def ~ abcZdef ~ fail",
        "abc?def ~ abcZdef ~ exact",
        "abc?def ~ abcdef ~ fail",
        "**/foo/bar ~ foo/bar ~ exact",
        "**/foo/bar ~ dir/foo/bar ~ exact",
        "**/foo/bar ~ dir/dir2/foo/bar ~ exact",
        "abc/** ~ abc ~ fail",
        "abc/** ~ abc/def ~ exact",
        "abc/** ~ abc/def/ghi ~ exact",
        "**/.foo ~ .foo ~ exact",
        "**/.foo ~ bar.foo ~ fail",
        "a(b)c/def ~ a(b)c/def ~ exact",
        "a(b)c/def ~ a(b)c/xyz ~ fail",
        "a.|)$(}+{bc ~ a.|)$(}+{bc ~ exact",
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl ~ dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl ~ exact",
        "dist/*.whl ~ dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl ~ exact",
        "a\\\\\\\\ ~ a\\\\ ~ exact",
        "a\\\\*b ~ a*b ~ exact",
    })
    void singlePattern(String pattern, String text, String kind) {
        // CsvSource keeps backslashes; the table doubles them to stay readable in Java
        String p = pattern.replace("\\\\", "\\");
        String t = text.replace("\\\\", "\\");
        PatternMatcher pm = PatternMatcher.of(List.of(p));
        assertEquals(kind.equals("exact"), pm.matchesExact(t), "exact");
        assertEquals(!kind.equals("fail"), pm.matches(t), "or-parent");
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "**,!util/docker/web|util/docker/web/foo|false",
        "**,!util/docker/web,util/docker/web/foo|util/docker/web/foo|true",
        "**,!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl|dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl|false",
        "**,!dist/*.whl|dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl|false",
        "*|fileutils.go|true",
        "*.go|fileutils.go|true",
        "!fileutils.go,*.go|fileutils.go|true",
        "*.go,!fileutils.go|fileutils.go|false",
        "docs,!docs/README.md|docs/README.md|false",
        "docs/,!docs/README.md|docs/README.md|false",
        "docs/*,!docs/README.md|docs/README.md|false",
        "docs|docs/sub/deep.md|true",
        "*.md,!README.md,README.md|README.md|true",
    })
    void lastMatchWins(String patterns, String text, boolean expected) {
        PatternMatcher pm = PatternMatcher.of(Arrays.asList(patterns.split(",")));
        assertEquals(expected, pm.matches(text));
    }

    @Test
    void singleBangIsAnError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PatternMatcher.of(List.of("!")));
        assertEquals("illegal exclusion pattern: \"!\"", e.getMessage());
    }

    @Test
    void malformedPatternIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> PatternMatcher.of(List.of("[")));
    }

    @Test
    void emptyAndBlankPatternsAreDropped() {
        PatternMatcher pm = PatternMatcher.of(List.of("docs", "", "   "));
        assertFalse(pm.isEmpty());
        assertFalse(pm.matches("other"));
        assertTrue(PatternMatcher.of(List.of("", " ")).isEmpty());
    }

    @Test
    void exceptionsAreDetectedAfterTrimming() {
        assertTrue(PatternMatcher.of(List.of("docs", "  !docs/README.md")).hasExclusions());
        assertTrue(PatternMatcher.of(List.of("docs", "!docs/README.md  ")).hasExclusions());
        assertFalse(PatternMatcher.of(List.of("docs")).hasExclusions());
    }

    @Test
    void directoryIsWalkedOnlyWhenAnExceptionPointsInsideOrHasAWildcard() {
        PatternMatcher pm = PatternMatcher.of(List.of("docs", "!docs/keep.md", "!src/**"));
        assertTrue(pm.mayIncludeBelow("docs"));
        assertTrue(pm.mayIncludeBelow("src"));
        assertFalse(pm.mayIncludeBelow("lib"));
        assertFalse(PatternMatcher.of(List.of("docs")).mayIncludeBelow("docs"));
        // fsutil walks every excluded directory once an exception has a wildcard
        assertTrue(PatternMatcher.of(List.of("*", "!*/other")).mayIncludeBelow("lib"));
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "[\\]]x|]x|true",
        "[a\\-z]|-|true",
        "[a\\-z]|b|false",
        "[^a-c]|d|true",
        "[^a-c]|b|false",
        "[!]|!|true",
        "a*|a/b|false",
        "a*/c|ab/c|true",
        "a?c|a/c|false",
        "**/*.go|a/b/c.go|true",
        "**/*.go|a/b/c.gox|false",
        "a/**/b|a/b|true",
        "a/**/b|a/x/y/b|true",
        "a/**/b|a/xb|false",
        "x^y*|x^yz|false",
        "^x*|xz|true",
        "^x|^x|true",
        "a$b*|a$bc|true",
        "a.b*|axbc|false",
    })
    void regexpCornersAsDocker(String pattern, String path, boolean expected) {
        assertEquals(expected, PatternMatcher.of(List.of(pattern)).matchesExact(path));
    }

    @Test
    void doubleStarStopsAtNewlineAsGoDotDoes() {
        assertTrue(PatternMatcher.of(List.of("a/**")).matchesExact("a/x\ny"));
        assertFalse(PatternMatcher.of(List.of("a/**/b*")).matchesExact("a/x\ny/b"));
        assertTrue(PatternMatcher.of(List.of("a/*/b*")).matchesExact("a/x\ny/b"));
    }

    @Test
    void starsCannotMakeMatchingExponential() {
        // a backtracking matcher needs ~10^15 steps here; a linear one answers at once
        PatternMatcher pm = PatternMatcher.of(List.of("*a*a*a*a*a*a*a*a*a*a*a*a*b", "!**/*a*a*a*a*a*a*a*a*a*a*c"));
        String name = "a".repeat(200);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 100; i++) {
                assertFalse(pm.matches("dir/" + name));
                assertTrue(pm.matches(name + "b/sub/" + name));
            }
        });
    }
}
