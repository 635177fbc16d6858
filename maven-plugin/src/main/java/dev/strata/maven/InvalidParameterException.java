package dev.strata.maven;

/**
 * A plugin parameter the user set to something unusable. Its message is one line naming the
 * parameter; the Mojo turns it into a {@code MojoFailureException}.
 */
final class InvalidParameterException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidParameterException(String message) {
        super(message);
    }
}
