package dev.strata.dockerfile;

/**
 * A Dockerfile the parser (or, later, the builder) rejects. {@link #getMessage()} is the one-line
 * error users see: {@code Dockerfile:7: unknown instruction "RUNN" (did you mean RUN?)}, or
 * {@code Dockerfile:7:14: ...} when a single token is at fault.
 */
public class DockerfileException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    /** @param column 1-based, or 0 when no single token is at fault */
    public DockerfileException(String file, int line, int column, String reason) {
        super(format(file, line, column, reason));
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public DockerfileException(String file, int line, String reason) {
        this(file, line, 0, reason);
    }

    private static String format(String file, int line, int column, String reason) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(reason).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 for a whole-file problem (e.g. no instructions). */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the {@code file:line:} prefix. */
    public String reason() {
        return reason;
    }
}
