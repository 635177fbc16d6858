package dev.strata.dockerfile.shell;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Docker's word lexer (BuildKit {@code frontend/dockerfile/shell}): variable expansion, quote
 * removal and word splitting for instruction arguments. Not a shell. Thread-safe; immutable but for its expansion budget.
 *
 * <p>Supported: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-w}}, {@code ${VAR-w}},
 * {@code ${VAR:+w}}, {@code ${VAR+w}}, {@code ${VAR:?msg}}, {@code ${VAR?msg}}, {@code ${VAR#p}},
 * {@code ${VAR##p}}, {@code ${VAR%p}}, {@code ${VAR%%p}}, {@code ${VAR/p/r}}, {@code ${VAR//p/r}};
 * single and double quotes; the escape character. {@code $1} and the other positional parameters
 * are empty, special parameters ({@code $@ $* $# $? $- $$ $! $0}) are unset, and a {@code $}
 * before any other character is literal.
 *
 * <p>By default quotes and escapes are removed and unset variables expand to the empty string;
 * the {@code with...} methods return lexers configured otherwise.
 *
 * <p>Bounds: one word nests at most 64 levels of {@code ${...}} and expands to at most 1 MiB; and
 * a lexer, with every lexer derived from it by a {@code with...} method, substitutes at most
 * 64 MiB of variable values in its lifetime, so that a short Dockerfile repeating
 * {@code LABEL x=$big} cannot cost gigabytes or minutes. Make one lexer per Dockerfile run.
 */
public final class ShellLexer {
    private final char escape;
    private final boolean keepUnset;
    private final boolean rawQuotes;
    private final boolean rawEscapes;
    private final boolean processQuotes;
    private final AtomicLong budget;

    /** Variable values a lexer family may substitute in all: 64 MiB of characters. */
    static final long BUDGET = 64L << 20;

    /** @param escape the Dockerfile's escape character ({@code \\} or {@code `}) */
    public ShellLexer(char escape) {
        this(escape, false, false, false, true, new AtomicLong(BUDGET));
    }

    private ShellLexer(char escape, boolean keepUnset, boolean rawQuotes, boolean rawEscapes,
            boolean processQuotes, AtomicLong budget) {
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape character must be \\ or `, not " + escape);
        }
        this.escape = escape;
        this.keepUnset = keepUnset;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.processQuotes = processQuotes;
        this.budget = budget;
    }

    /** Takes {@code chars} of substituted value from the budget. */
    void charge(int chars) {
        if (chars > 0 && budget.addAndGet(-chars) < 0) {
            throw new ShellExpansionException("variable expansion has substituted more than 64 MiB in this Dockerfile");
        }
    }

    public char escape() {
        return escape;
    }

    /**
     * A lexer that leaves references to unset variables as written ({@code $X}, {@code ${X}},
     * {@code ${X:-w}} with w expanded) instead of expanding them to empty (BuildKit
     * {@code SkipUnsetEnv}); {@code ${X:?msg}} then does not fail for an unset X.
     */
    public ShellLexer withKeepUnset(boolean keep) {
        return new ShellLexer(escape, keep, rawQuotes, rawEscapes, processQuotes, budget);
    }

    /** A lexer with another escape character (heredoc bodies use {@code \\}), sharing this one's budget. */
    public ShellLexer withEscape(char escape) {
        return new ShellLexer(escape, keepUnset, rawQuotes, rawEscapes, processQuotes, budget);
    }

    /** A lexer that keeps the quote characters in the result (BuildKit {@code RawQuotes}). */
    public ShellLexer withRawQuotes(boolean raw) {
        return new ShellLexer(escape, keepUnset, raw, rawEscapes, processQuotes, budget);
    }

    /** A lexer that keeps escape characters in the result (BuildKit {@code RawEscapes}). */
    public ShellLexer withRawEscapes(boolean raw) {
        return new ShellLexer(escape, keepUnset, rawQuotes, raw, processQuotes, budget);
    }

    /**
     * A lexer for which quotes are ordinary characters when {@code process} is false (BuildKit
     * {@code SkipProcessQuotes}), as for the body of an unquoted heredoc.
     */
    public ShellLexer withQuotesProcessed(boolean process) {
        return new ShellLexer(escape, keepUnset, rawQuotes, rawEscapes, process, budget);
    }

    boolean keepUnset() {
        return keepUnset;
    }

    boolean rawQuotes() {
        return rawQuotes;
    }

    boolean rawEscapes() {
        return rawEscapes;
    }

    boolean processQuotes() {
        return processQuotes;
    }

    /**
     * Expands one word: quotes removed, escapes applied, variables substituted, no splitting.
     * Unset variables expand to the empty string.
     *
     * @param env variable values by name; names are case-sensitive
     * @throws ShellExpansionException on bad syntax or a failing {@code ${VAR:?msg}}
     */
    public String processWord(String word, Map<String, String> env) {
        return processWordWithMatches(word, env).value();
    }

    /**
     * Like {@link #processWord} and also reports which variable names were referenced: those
     * set in {@code env} as matched, the others as unmatched.
     *
     * @throws ShellExpansionException on bad syntax or a failing {@code ${VAR:?msg}}
     */
    public ExpandedWord processWordWithMatches(String word, Map<String, String> env) {
        WordExpander expander = expander(word, env);
        String value = expand(expander, word).text();
        return new ExpandedWord(value, expander.matched(), expander.unmatched());
    }

    /**
     * Expands and splits into words at unquoted, unescaped whitespace (including whitespace
     * produced by an unquoted variable), as for EXPOSE, VOLUME and ENV/LABEL keys. Empty words
     * are dropped, so {@code ""} alone gives an empty list.
     *
     * @throws ShellExpansionException on bad syntax or a failing {@code ${VAR:?msg}}
     */
    public List<String> processWords(String word, Map<String, String> env) {
        return expand(expander(word, env), word).words();
    }

    private WordExpander expander(String word, Map<String, String> env) {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(env, "env");
        return new WordExpander(this, word, env);
    }

    private static WordExpander.Result expand(WordExpander expander, String word) {
        try {
            return expander.expand();
        } catch (ShellExpansionException e) {
            throw new ShellExpansionException(word, e.reason());
        }
    }
}
