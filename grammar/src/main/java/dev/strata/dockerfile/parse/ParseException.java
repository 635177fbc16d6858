package dev.strata.dockerfile.parse;

/**
 * A syntax error found by the parser, with its place; the façade
 * ({@code dev.strata.dockerfile.Dockerfiles}) turns it into the user-facing
 * {@code DockerfileException} with the file name.
 */
public final class ParseException extends RuntimeException {
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param line 1-based, or 0 for the whole file
     * @param column 1-based, or 0 when no single token is at fault
     */
    public ParseException(int line, int column, String reason) {
        super(line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public ParseException(int line, String reason) {
        this(line, 0, reason);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
