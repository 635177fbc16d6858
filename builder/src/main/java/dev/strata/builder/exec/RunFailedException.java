package dev.strata.builder.exec;

import java.util.List;

/**
 * A RUN command exited with a non-zero code. The message is {@code RUN exited with code N}; the
 * engine prefixes the Dockerfile location and shows {@link #lastLines()} below it.
 */
public final class RunFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> lastLines;

    public RunFailedException(int exitCode, List<String> lastLines) {
        this(exitCode, lastLines, "");
    }

    /** {@code note}, when not empty, follows the message in parentheses: what the isolation could not give the step. */
    public RunFailedException(int exitCode, List<String> lastLines, String note) {
        super("RUN exited with code " + exitCode + (note.isEmpty() ? "" : " (" + note + ")"));
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The last lines (at most 10) the command printed, oldest first. */
    public List<String> lastLines() {
        return lastLines;
    }
}
