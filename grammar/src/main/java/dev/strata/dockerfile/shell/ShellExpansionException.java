package dev.strata.dockerfile.shell;

/**
 * A word that cannot be expanded: bad substitution syntax, an unterminated quote, or
 * {@code ${VAR:?message}} with VAR unset. The message carries no file or line: the caller
 * that knows the instruction adds them.
 */
public class ShellExpansionException extends RuntimeException {
    public ShellExpansionException(String message) {
        super(message);
    }
}
