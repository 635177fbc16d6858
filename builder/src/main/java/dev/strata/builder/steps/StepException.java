package dev.strata.builder.steps;

/**
 * A step that cannot be carried out. The message has no file or line: the stage runner, which
 * knows the instruction, adds them ({@code Dockerfile:7: <message>}).
 */
public class StepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StepException(String message) {
        this(message, null, null);
    }

    /** What progress output shows for the failed step, when it differs from the message's first line. */
    private final String progressMessage;

    public StepException(String message, Throwable cause) {
        this(message, cause, null);
    }

    public StepException(String message, Throwable cause, String progressMessage) {
        super(message, cause);
        this.progressMessage = progressMessage;
    }

    /** The one line the step's {@code ERROR:} progress line shows. */
    public String progressMessage() {
        return progressMessage != null ? progressMessage : String.valueOf(getMessage()).lines().findFirst().orElse("");
    }
}
