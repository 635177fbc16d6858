package dev.strata.dockerfile;

import java.util.Objects;
import java.util.Optional;

/**
 * Parser directives found at the top of a Dockerfile ({@code # escape=}, {@code # syntax=},
 * {@code # check=}).
 *
 * @param escape the escape character, {@code \} unless {@code # escape=`}
 */
public record Directives(char escape, Optional<String> syntax, Optional<String> check) {
    public static final Directives DEFAULT = new Directives('\\', Optional.empty(), Optional.empty());

    public Directives {
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape must be \\ or `");
        }
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(check, "check");
    }
}
