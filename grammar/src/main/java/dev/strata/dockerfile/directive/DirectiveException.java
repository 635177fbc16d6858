package dev.strata.dockerfile.directive;

/** A bad parser directive (repeated, or an invalid escape character), with its 1-based line. */
public final class DirectiveException extends RuntimeException {
    private final int line;
    private final String reason;

    public DirectiveException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
