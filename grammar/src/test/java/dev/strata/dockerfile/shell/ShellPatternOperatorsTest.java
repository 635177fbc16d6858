package dev.strata.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code # ## % %% / //}: BuildKit's own cases from {@code lex_test.go} (TestProcessWithMatches),
 * then ours for globs, brackets, anchors, empty replacements and non-ASCII values.
 */
class ShellPatternOperatorsTest {
    private final ShellLexer lexer = new ShellLexer('\\');

    private record Case(String input, Map<String, String> env, String expected) {
    }

    private static Case c(String input, Map<String, String> env, String expected) {
        return new Case(input, env, expected);
    }

    private static final Map<String, String> XXYY = Map.of("FOO", "xxyy");

    @TestFactory
    Stream<DynamicTest> buildkitCases() {
        return run(Stream.of(
                c("${FOO#()[]{\\}^$.\\*\\?|\\\\}", Map.of("FOO", "()[]{}^$.*?|\\x"), "x"),
                c("${FOO%%\\**}", Map.of("FOO", "xx**"), "xx"),
                c("${FOO#*x*y}", XXYY, "y"),
                c("${FOO#*}", XXYY, "xxyy"),
                c("${FOO#$BAR}", Map.of("FOO", "xxyy", "BAR", "x"), "xyy"),
                c("${FOO#$BAR}", Map.of("FOO", "xxyy", "BAR", ""), "xxyy"),
                c("${FOO#}", XXYY, "xxyy"),
                c("${FOO##*x}", XXYY, "yy"),
                c("${FOO##}", XXYY, "xxyy"),
                c("${FOO#?\\?}", Map.of("FOO", "???y"), "?y"),
                c("${ABC:-.}${FOO%x}${ABC:-.}", XXYY, ".xxyy."),
                c("${FOO%%\\**\\*}", Map.of("FOO", "a***yy*"), "a"),
                c("${FOO%}", XXYY, "xxyy"),
                c("${FOO%%$BAR}", Map.of("FOO", "xxyy", "BAR", ""), "xxyy"),
                c("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
                        Map.of("FOO", "/foo*/*/*.txt", "NEEDLE", "\\*/"), "/foo.*/*.txt - /foo..*.txt"),
                c("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
                        Map.of("FOO", "/tmp/tmp/bar.txt", "NEEDLE", "/tmp"), "/tmp/bar.txt - /bar.txt"),
                c("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
                        Map.of("FOO", "/a/foo/b/c.txt", "NEEDLE", "/?/", "REPLACEMENT", "/"),
                        "/foo/b/c.txt - /foo/c.txt"),
                c("${FOO/$NEEDLE/$REPLACEMENT}",
                        Map.of("FOO", "http://google.de", "NEEDLE", "http://", "REPLACEMENT", "https://"),
                        "https://google.de"),
                c("${FOO//\\//\\/}", Map.of("FOO", "/tmp/foo.txt"), "\\/tmp\\/foo.txt"),
                c("${FOO/$BAR/ww}", Map.of("FOO", "xxyy", "BAR", ""), "wwxxyy"),
                c("${FOO///}", XXYY, "xxyy"),
                c("${FOO///}", Map.of(), "")));
    }

    @TestFactory
    Stream<DynamicTest> prefixAndSuffix() {
        Map<String, String> path = Map.of("F", "a/b/c", "V", "v1.2.3", "T", "app.tar.gz");
        return run(Stream.of(
                c("${F#*/}", path, "b/c"),
                c("${F##*/}", path, "c"),
                c("${F%/*}", path, "a/b"),
                c("${F%%/*}", path, "a"),
                c("${V#v}", path, "1.2.3"),
                c("${V#x}", path, "v1.2.3"),
                c("${T%.tar.gz}", path, "app"),
                c("${T%.*}", path, "app.tar"),
                c("${T%%.*}", path, "app"),
                c("${T#*.}", path, "tar.gz"),
                c("${T##*.}", path, "gz"),
                c("${V#??}", path, ".2.3"),
                c("${V%?}", path, "v1.2."),
                c("${V%%*}", path, ""),
                c("${V##*}", path, ""),
                c("${V%*}", path, "v1.2.3"),
                c("${U#x} ${U%x} [${U##*}]", path, "  []"),
                c("${F:#a/}", path, "b/c"),
                c("${F#${P:-a}/}", path, "b/c"),
                c("${F#\"a/\"}", path, "b/c"),
                c("${F#'a'/}", path, "b/c")));
    }

    @TestFactory
    Stream<DynamicTest> bracketExpressions() {
        return run(Stream.of(
                c("${F#[ab]}", Map.of("F", "bcd"), "cd"),
                c("${F##[a-c]*[0-9]}", Map.of("F", "abc123x"), "x"),
                c("${F#[!a]}", Map.of("F", "abc"), "abc"),
                c("${F#[!a]}", Map.of("F", "xbc"), "bc"),
                c("${F#[^a]}", Map.of("F", "xbc"), "bc"),
                c("${F%[[:digit:]]*}", Map.of("F", "v1.2"), "v1."),
                c("${F%%[[:digit:]]*}", Map.of("F", "v1.2"), "v"),
                c("${F##[[:alpha:]]}", Map.of("F", "v1"), "1"),
                c("${F#[]a]}", Map.of("F", "]x"), "x"),
                c("${F#[a-]}", Map.of("F", "-x"), "x"),
                c("${F#[z-a]}", Map.of("F", "mx"), "mx"),
                // an unclosed [ is an ordinary character
                c("${F#[a}", Map.of("F", "[abc"), "bc"),
                c("${F#\\[a\\]}", Map.of("F", "[a]b"), "b"),
                c("${F//[0-9]/#}", Map.of("F", "a1b22"), "a#b##")));
    }

    @TestFactory
    Stream<DynamicTest> replacement() {
        Map<String, String> env = Map.of("F", "a-b-c", "G", "aa", "N", "a\nb");
        return run(Stream.of(
                c("${F/-/}", env, "ab-c"),
                c("${F//-/}", env, "abc"),
                c("${F/-/+}", env, "a+b-c"),
                c("${F//-/+}", env, "a+b+c"),
                c("${F/x/y}", env, "a-b-c"),
                c("${F/*/x}", env, "x"),
                // like Go's ReplaceAll: no second, empty match at the end
                c("${F//*/x}", env, "x"),
                c("${F//?/x}", env, "xxxxx"),
                c("${F/-*/}", env, "a"),
                c("${F/b*/}", env, "a-"),
                c("${U/a/b}", env, ""),
                c("${U//a/b}", env, ""),
                // BuildKit has no /# or /% anchors: the # and % are literal
                c("${F/#a/x}", env, "a-b-c"),
                c("${F/%c/x}", env, "a-b-c"),
                c("${H/#a/x}", Map.of("H", "a#a"), "ax"),
                // the replacement is literal text, $ and \ included
                c("${G//a/'$1'}", env, "$1$1"),
                c("${G/a/${F:-z}}", env, "a-b-ca"),
                c("${F//-/ }", env, "a b c"),
                // wildcards match newlines, as in sh
                c("${N/a*/x}", env, "x"),
                c("${N##*}", env, "")));
    }

    @TestFactory
    Stream<DynamicTest> nonAscii() {
        Map<String, String> env = Map.of("K", "한국어", "E", "a😀b");
        return run(Stream.of(
                c("${K%어}", env, "한국"),
                c("${K#?}", env, "국어"),
                c("${E#a?}", env, "b"),
                c("${E%?b}", env, "a"),
                c("${E/?/x}", env, "x😀b"),
                c("${E//?/x}", env, "xxx"),
                c("${E//😀/-}", env, "a-b")));
    }

    private Stream<DynamicTest> run(Stream<Case> cases) {
        return cases.map(t -> dynamicTest(t.input() + " " + t.env() + " -> " + t.expected(),
                () -> assertEquals(t.expected(), lexer.processWord(t.input(), t.env()))));
    }
}
