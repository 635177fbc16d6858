package dev.strata.dockerfile.shell;

/**
 * A word that cannot be expanded: bad substitution syntax, an unterminated quote, or
 * {@code ${VAR:?message}} with VAR unset. The message carries no file or line: the caller
 * that knows the instruction adds them.
 */
public class ShellExpansionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String word;
    private final String reason;

    /** An error without the word it came from; {@link #reason()} is the message. */
    public ShellExpansionException(String message) {
        super(message);
        this.word = null;
        this.reason = message;
    }

    /**
     * An error in expanding {@code word}, worded as BuildKit does:
     * {@code failed to process "WORD": REASON}.
     */
    public ShellExpansionException(String word, String reason) {
        super("failed to process " + GoQuote.quote(shortened(word)) + ": " + reason);
        this.word = word;
        this.reason = reason;
    }

    /** A word of a hostile size would make the one-line error kilobytes long. */
    private static String shortened(String word) {
        int limit = 80;
        if (word.codePointCount(0, word.length()) <= limit) {
            return word;
        }
        return word.substring(0, word.offsetByCodePoints(0, limit)) + "...";
    }

    /** The word being expanded, or null when not known. */
    public String word() {
        return word;
    }

    /** What went wrong, without the word: e.g. {@code VAR: is not allowed to be unset}. */
    public String reason() {
        return reason;
    }
}
