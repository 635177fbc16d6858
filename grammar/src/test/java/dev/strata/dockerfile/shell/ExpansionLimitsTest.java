package dev.strata.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hostile word costs neither the stack (nesting) nor the heap (growth): it fails in one line. */
class ExpansionLimitsTest {
    private final ShellLexer lexer = new ShellLexer('\\');

    private static String nested(int depth) {
        return "${a:-".repeat(depth) + "x" + "}".repeat(depth);
    }

    @Test
    void nestingIsBoundedAt64Levels() {
        assertEquals("x", lexer.processWord(nested(64), Map.of()));
        ShellExpansionException e = assertThrows(ShellExpansionException.class,
                () -> lexer.processWord(nested(100_000), Map.of()));
        assertEquals("variables nested more than 64 levels deep", e.reason());
        assertEquals("failed to process \"" + "${a:-".repeat(16) + "...\": variables nested more than 64 levels deep",
                e.getMessage());
    }

    @Test
    void nestingInsideQuotesCountsToo() {
        String word = "\"${a:-".repeat(200) + "x" + "}\"".repeat(200);
        ShellExpansionException e = assertThrows(ShellExpansionException.class, () -> lexer.processWord(word, Map.of()));
        assertEquals("variables nested more than 64 levels deep", e.reason());
    }

    @Test
    void aWordCannotGrowPastOneMebibyte() {
        String half = "x".repeat(600 * 1024);
        assertEquals(half.length(), lexer.processWord("$a", Map.of("a", half)).length());
        for (String word : new String[] {"$a$a", "\"$a$a\"", "${b:-$a$a}", "$a${a}"}) {
            ShellExpansionException e = assertThrows(ShellExpansionException.class,
                    () -> lexer.processWord(word, Map.of("a", half)), word);
            assertEquals("expands to more than 1 MiB", e.reason(), word);
        }
    }

    @Test
    void replacementCannotMultiplyAValuePastOneMebibyte() {
        Map<String, String> env = Map.of("a", "y".repeat(4096), "r", "z".repeat(4096));
        ShellExpansionException e = assertThrows(ShellExpansionException.class,
                () -> lexer.processWord("${a//y/$r}", env));
        assertEquals("expands to more than 1 MiB", e.reason());
        assertEquals(4096 * 2, lexer.processWord("${a//yy/zzzz}", env).length());
    }

    @Test
    void aLexerSubstitutesAtMost64MebibytesInAll() {
        Map<String, String> env = Map.of("a", "x".repeat(512 * 1024));
        ShellLexer shared = new ShellLexer('\\');
        for (int i = 0; i < 128; i++) {
            shared.withKeepUnset(i % 2 == 0).processWord("$a", env);
        }
        ShellExpansionException e = assertThrows(ShellExpansionException.class, () -> shared.processWord("${a}", env));
        assertEquals("variable expansion has substituted more than 64 MiB in this Dockerfile", e.reason());
        assertEquals(512 * 1024, new ShellLexer('\\').processWord("$a", env).length(), "a new lexer has its own budget");
    }
}
