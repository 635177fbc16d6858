package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.SourceLocation;
import dev.strata.dockerfile.shell.ExpandedWord;
import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands words against a stage's variables and reports the names that were not set
 * (UndefinedVar), as BuildKit's {@code reportUnmatchedVariables} does: a declared ARG without
 * a value is not undefined. A word that cannot be expanded is skipped: the build reports it.
 */
final class Expander {
    /** Args BuildKit reads itself and never puts in the environment. */
    static final Set<String> NON_ENV_ARGS = Set.of("BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE");

    private final ShellLexer lexer;
    private final ShellLexer heredocLexer;
    private final StageState state;
    private final Reporter reporter;

    /** @param lexer the Dockerfile's lexer: every stage's expansions share its budget */
    Expander(ShellLexer lexer, StageState state, Reporter reporter) {
        this.lexer = lexer;
        // BuildKit expands heredoc bodies with a fresh lexer: backslash escape, quotes kept
        this.heredocLexer = lexer.withEscape('\\').withKeepUnset(false).withRawQuotes(false).withRawEscapes(false)
                .withQuotesProcessed(false);
        this.state = state;
        this.reporter = reporter;
    }

    char escape() {
        return lexer.escape();
    }

    /** The expanded word, or empty when it cannot be expanded. */
    Optional<String> expand(String word, SourceLocation at) {
        return expand(lexer, word, at);
    }

    void expandHeredoc(String content, SourceLocation at) {
        expand(heredocLexer, content, at);
    }

    /** Expands and splits, without reporting (EXPOSE, as BuildKit). */
    List<String> words(String word) {
        try {
            return lexer.processWords(word, state.env);
        } catch (ShellExpansionException e) {
            return List.of();
        }
    }

    private Optional<String> expand(ShellLexer with, String word, SourceLocation at) {
        ExpandedWord expanded;
        try {
            expanded = with.processWordWithMatches(word, state.env);
        } catch (ShellExpansionException e) {
            return Optional.empty();
        }
        if (!state.envKnown) {
            return Optional.of(expanded.value());
        }
        for (String name : new TreeSet<>(expanded.unmatched())) {
            if (state.argNames.contains(name) || NON_ENV_ARGS.contains(name)) {
                continue;
            }
            String suggestion = Texts.suggest(name, state.env.keySet());
            reporter.report(CheckRule.UNDEFINED_VAR, at, "Usage of undefined variable '$" + name + "'"
                    + (suggestion.isEmpty() ? "" : " (did you mean $" + suggestion + "?)"));
        }
        return Optional.of(expanded.value());
    }
}
