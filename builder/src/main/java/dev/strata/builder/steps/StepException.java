package dev.strata.builder.steps;

/**
 * A step that cannot be carried out. The message has no file or line: the stage runner, which
 * knows the instruction, adds them ({@code Dockerfile:7: <message>}).
 */
public class StepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StepException(String message) {
        super(message);
    }

    public StepException(String message, Throwable cause) {
        super(message, cause);
    }
}
