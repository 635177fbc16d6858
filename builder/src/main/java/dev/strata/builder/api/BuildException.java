package dev.strata.builder.api;

/**
 * A build that failed because of its input (the Dockerfile, the context, the request). The message
 * is one line naming the place when there is one: {@code Dockerfile:7: COPY failed: file not found
 * in build context: "app.jar"}.
 */
public class BuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
