package dev.strata.cli;

import picocli.CommandLine;

/** Process entry point of the {@code strata} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(StrataCommand.newCommandLine().execute(args));
    }
}
