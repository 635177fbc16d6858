package dev.strata.cli;

/** The one translation of outcomes to exit codes, shared by every subcommand. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The Dockerfile or the build failed. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
