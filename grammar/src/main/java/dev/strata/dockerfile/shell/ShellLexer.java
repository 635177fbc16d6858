package dev.strata.dockerfile.shell;

import java.util.List;
import java.util.Map;

/**
 * Docker's word lexer (BuildKit {@code frontend/dockerfile/shell}): variable expansion, quote
 * removal and word splitting for instruction arguments. Not a shell. Immutable, thread-safe.
 */
public final class ShellLexer {
    private final char escape;

    /** @param escape the Dockerfile's escape character ({@code \} or {@code `}) */
    public ShellLexer(char escape) {
        this.escape = escape;
    }

    public char escape() {
        return escape;
    }

    /**
     * Expands one word: quotes removed, escapes applied, variables substituted, no splitting.
     * Unset variables expand to the empty string.
     *
     * @throws ShellExpansionException on bad syntax or a failing {@code ${VAR:?msg}}
     */
    public String processWord(String word, Map<String, String> env) {
        return processWordWithMatches(word, env).value();
    }

    /** Like {@link #processWord} and also reports which variable names were referenced. */
    public ExpandedWord processWordWithMatches(String word, Map<String, String> env) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Expands and splits into words at unquoted, unescaped whitespace (including whitespace
     * produced by an unquoted variable), as for EXPOSE, VOLUME and ENV/LABEL keys.
     */
    public List<String> processWords(String word, Map<String, String> env) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
