package dev.strata.cli;

/** A command line that is well-formed for picocli but wrong for Strata; exits with code 2. */
final class UsageException extends UserException {
    UsageException(String message) {
        super(message);
    }
}
