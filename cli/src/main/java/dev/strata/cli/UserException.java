package dev.strata.cli;

/** A failure caused by the user's input (a missing file, say), shown as one line without a trace. */
class UserException extends RuntimeException {
    UserException(String message) {
        super(message);
    }

    UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
