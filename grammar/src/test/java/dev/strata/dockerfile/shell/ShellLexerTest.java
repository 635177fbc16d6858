package dev.strata.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Backtick escapes, matched/unmatched names, exact error messages, options and splitting. */
class ShellLexerTest {
    private final ShellLexer backslash = new ShellLexer('\\');
    private final ShellLexer backtick = new ShellLexer('`');

    @TestFactory
    Stream<DynamicTest> backtickEscape() {
        Map<String, String> env = Map.of("b", "B", "F", "C:\\a\\b", "S", "*x", "P", "a/b");
        return Stream.of(
                List.of("a`$b", "a$b"),
                List.of("a$b", "aB"),
                List.of("\"a`\"b\"", "a\"b"),
                List.of("\"a`$b\"", "a$b"),
                List.of("\"a`xb\"", "a`xb"),
                List.of("C:\\path", "C:\\path"),
                List.of("\"C:\\dir\"", "C:\\dir"),
                List.of("a``b", "a`b"),
                List.of("abc`", "abc"),
                List.of("a` b", "a b"),
                List.of("'a`b'", "a`b"),
                List.of("${F##*\\}", "b"),
                List.of("${F%\\*}", "C:\\a"),
                List.of("${S#`*}", "x"),
                List.of("${S#*}", "*x"),
                List.of("${P//`//-}", "a-b"),
                List.of("${U:-a`}b}", "a}b"))
                .map(t -> dynamicTest(t.get(0) + " -> " + t.get(1),
                        () -> assertEquals(t.get(1), backtick.processWord(t.get(0), env))));
    }

    @Test
    void backtickWords() {
        assertEquals(List.of("a b", "c\\", "d"), backtick.processWords("a` b c\\ d", Map.of()));
    }

    private record Matches(String input, Map<String, String> env, String value, Set<String> matched,
            Set<String> unmatched) {
    }

    @TestFactory
    Stream<DynamicTest> matchedAndUnmatched() {
        Map<String, String> fooBar = Map.of("FOO", "xxx", "BAR", "");
        String release = "something-${VERSION}.${TARGETOS}-${TARGETARCH}"
                + "${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        Map<String, String> platform = Map.of("VERSION", "v1.2.3", "TARGETOS", "linux",
                "TARGETARCH", "arm");
        Map<String, String> platformV7 = Map.of("VERSION", "v1.2.3", "TARGETOS", "linux",
                "TARGETARCH", "arm", "TARGETVARIANT", "v7");
        return Stream.of(
                new Matches("x", Map.of("DUMMY", "d"), "x", Set.of(), Set.of()),
                new Matches("x ${UNUSED}", Map.of("DUMMY", "d"), "x ", Set.of(), Set.of("UNUSED")),
                new Matches("x ${FOO}", fooBar, "x xxx", Set.of("FOO"), Set.of()),
                new Matches("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", fooBar, "xxx  ccc",
                        Set.of("FOO", "BAR"), Set.of("BAZ")),
                new Matches("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", fooBar, "xxx bbb ccc",
                        Set.of("FOO", "BAR"), Set.of("BAZ")),
                new Matches("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", fooBar, "aaa bbb ",
                        Set.of("FOO", "BAR"), Set.of("BAZ")),
                new Matches("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", fooBar, "aaa  ",
                        Set.of("FOO", "BAR"), Set.of("BAZ")),
                new Matches("${BAR?bbb}", fooBar, "", Set.of("BAR"), Set.of()),
                new Matches("${FOO#$BAR} ${FOO/$BAZ/y}", fooBar, "xxx yxxx",
                        Set.of("FOO", "BAR"), Set.of("BAZ")),
                new Matches("'$FOO' \"$FOO\"", fooBar, "$FOO xxx", Set.of("FOO"), Set.of()),
                // positional and special parameters are looked up, and never set
                new Matches("a$1b$$c", fooBar, "abc", Set.of(), Set.of("1", "$")),
                new Matches(release, platformV7, "something-v1.2.3.linux-arm-v7.tar.gz",
                        Set.of("VERSION", "TARGETOS", "TARGETARCH", "TARGETVARIANT"), Set.of()),
                new Matches(release, platform, "something-v1.2.3.linux-arm.tar.gz",
                        Set.of("VERSION", "TARGETOS", "TARGETARCH"), Set.of("TARGETVARIANT")))
                .map(t -> dynamicTest(t.input() + " " + t.env(), () -> {
                    ExpandedWord word = backslash.processWordWithMatches(t.input(), t.env());
                    assertEquals(t.value(), word.value());
                    assertEquals(t.matched(), word.matched(), "matched");
                    assertEquals(t.unmatched(), word.unmatched(), "unmatched");
                }));
    }

    @TestFactory
    Stream<DynamicTest> errorMessages() {
        Map<String, String> env = Map.of("EMPTY", "", "ARG", "x", "SET", "v");
        return Stream.of(
                List.of("${FOO:?}", "FOO: is not allowed to be unset"),
                List.of("${FOO?}", "FOO: is not allowed to be unset"),
                List.of("${EMPTY:?}", "EMPTY: is not allowed to be empty"),
                List.of("${FOO:?need a value}", "FOO: need a value"),
                List.of("${EMPTY:?message here$ARG}", "EMPTY: message herex"),
                List.of("${FOO?message here$ARG}", "FOO: message herex"),
                List.of("'abc", "unexpected end of statement while looking for matching single-quote"),
                List.of("\"abc", "unexpected end of statement while looking for matching double-quote"),
                List.of("\"abc\\\"", "unexpected end of statement while looking for matching double-quote"),
                List.of("${}", "syntax error: bad substitution"),
                List.of("${:x}", "syntax error: bad substitution"),
                List.of("${{x}", "syntax error: bad substitution"),
                List.of("${", "syntax error: missing '}'"),
                List.of("${FOO", "syntax error: missing '}'"),
                List.of("${FOO:-x", "syntax error: missing '}'"),
                List.of("${FOO:-\"x}", "syntax error: missing '}'"),
                List.of("${FOO:=x}", "unsupported modifier (:=) in substitution"),
                List.of("${FOO=x}", "unsupported modifier (=) in substitution"),
                List.of("${FOO:Xx}", "unsupported modifier (:X) in substitution"),
                List.of("${.}", "unsupported modifier (.) in substitution"),
                List.of("${FOO//ww}", "syntax error: missing '/' in ${}"),
                List.of("${FOO//}", "syntax error: missing '/' in ${}"),
                List.of("${FOO/x/y", "syntax error: missing '}'"),
                List.of("${SET#\\x}", "invalid pattern (\\x) in substitution: invalid escape '\\x'"),
                List.of("${SET#$P}", "invalid pattern (a\\) in substitution: trailing escape character"))
                .map(t -> dynamicTest(t.get(0) + " -> " + t.get(1), () -> {
                    Map<String, String> withP = new java.util.HashMap<>(env);
                    withP.put("P", "a\\");
                    ShellExpansionException e = assertThrows(ShellExpansionException.class,
                            () -> backslash.processWord(t.get(0), withP));
                    assertEquals(t.get(1), e.reason());
                    assertEquals(t.get(0), e.word());
                    assertEquals("failed to process " + GoQuote.quote(t.get(0)) + ": " + t.get(1),
                            e.getMessage());
                }));
    }

    @Test
    void errorMessageIsOneLineAndQuotesTheWord() {
        ShellExpansionException e = assertThrows(ShellExpansionException.class,
                () -> backslash.processWord("a\n\"b\tc", Map.of()));
        assertEquals("failed to process \"a\\n\\\"b\\tc\": "
                + "unexpected end of statement while looking for matching double-quote", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void requiredVariableThatIsSetExpands() {
        assertEquals("plain", backslash.processWord("${VAR:?msg}", Map.of("VAR", "plain")));
        assertEquals("", backslash.processWord("${VAR?msg}", Map.of("VAR", "")));
    }

    @Test
    void keepUnset() {
        ShellLexer lexer = backslash.withKeepUnset(true);
        Map<String, String> env = Map.of("Y", "1");
        assertEquals("$X ${X} ${X:-a} 1 ${X:?oops} ${X/a/b} ${X//a/b} ${X#p}",
                lexer.processWord("$X ${X} ${X:-a} $Y ${X:?oops} ${X/a/b} ${X//a/b} ${X#p}", env));
        assertEquals("1", lexer.processWord("${Y:?oops}", env));
    }

    @Test
    void rawQuotesAndEscapes() {
        Map<String, String> env = Map.of("X", "1");
        assertEquals("\"a 1\" '$X'", backslash.withRawQuotes(true).processWord("\"a $X\" '$X'", env));
        assertEquals("a\\ b\\$X", backslash.withRawEscapes(true).processWord("a\\ b\\$X", env));
        assertEquals("\"1\" '1' \\x", backslash.withQuotesProcessed(false)
                .processWord("\"$X\" '$X' \\\\x", env));
    }

    @Test
    void optionsReturnNewLexers() {
        ShellLexer keep = backslash.withKeepUnset(true);
        assertEquals("", backslash.processWord("$X", Map.of()));
        assertEquals("$X", keep.processWord("$X", Map.of()));
        assertEquals('`', backtick.withRawQuotes(true).escape());
    }

    @Test
    void rejectsOtherEscapeCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new ShellLexer('x'));
    }

    @TestFactory
    Stream<DynamicTest> words() {
        Map<String, String> env = Map.of("EMPTY", "", "PORTS", " 80  443 ", "TAB", "a\tb");
        return Stream.of(
                new Object[] {"\"\"", List.of()},
                new Object[] {"a \"\" b", List.of("a", "b")},
                new Object[] {"$EMPTY", List.of()},
                new Object[] {"8080/tcp  9090", List.of("8080/tcp", "9090")},
                new Object[] {"$PORTS/x", List.of("80", "443", "/x")},
                new Object[] {"\"$PORTS\"", List.of(" 80  443 ")},
                new Object[] {"${U:-a b}", List.of("a", "b")},
                new Object[] {"\"${U:-a b}\"", List.of("a b")},
                new Object[] {"$TAB", List.of("a", "b")},
                new Object[] {"a\\\tb 'c d'", List.of("a\tb", "c d")},
                new Object[] {"  lead trail  ", List.of("lead", "trail")})
                .map(t -> dynamicTest(t[0] + " -> " + t[1],
                        () -> assertEquals(t[1], backslash.processWords((String) t[0], env))));
    }

    @Test
    void literalDollarAndParameters() {
        Map<String, String> env = Map.of("A", "x", "A_1", "y", "é", "z");
        assertEquals("$. $ x y z", backslash.processWord("$. $ $A $A_1 $é", env));
        assertEquals("he-x", backslash.processWord("he$1-$A", env));
        assertEquals("ab", backslash.processWord("a$@$*$#$?$-$$$!$0b", env));
        assertEquals("x}", backslash.processWord("${A}}", env));
    }
}
