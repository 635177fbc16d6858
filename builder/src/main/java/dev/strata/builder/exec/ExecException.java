package dev.strata.builder.exec;

import java.io.IOException;

/** A RUN step could not be set up or run (bad --mount, unknown user, no runtime), as opposed to the command failing. */
public final class ExecException extends IOException {
    private static final long serialVersionUID = 1L;

    public ExecException(String message) {
        super(message);
    }

    public ExecException(String message, Throwable cause) {
        super(message, cause);
    }
}
