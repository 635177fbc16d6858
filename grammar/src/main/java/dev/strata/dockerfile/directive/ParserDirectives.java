package dev.strata.dockerfile.directive;

import java.util.Objects;
import java.util.Optional;

/**
 * The parser directives at the top of a Dockerfile.
 *
 * @param escape {@code \} unless {@code # escape=`}
 * @param lines how many physical lines the directive section spans (directive lines only)
 */
public record ParserDirectives(char escape, Optional<String> syntax, Optional<String> check, int lines) {
    public ParserDirectives {
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape must be \\ or `");
        }
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(check, "check");
    }
}
