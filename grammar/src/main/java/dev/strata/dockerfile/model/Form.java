package dev.strata.dockerfile.model;

/** How a command-like instruction was written. */
public enum Form {
    /** Plain text run through the stage's SHELL. */
    SHELL,
    /** A JSON array of strings, run directly. */
    EXEC
}
