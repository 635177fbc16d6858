package dev.strata.cli;

import dev.strata.builder.api.DisplayText;
import java.io.PrintStream;
import java.util.Arrays;

/** Process entry point of the {@code strata} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = StrataCommand.newCommandLine(args).execute(args);
        } catch (Throwable t) { // picocli hands errors (StackOverflowError, OutOfMemoryError) on
            code = fatal(t, Arrays.asList(args).contains("--debug"), System.err);
        }
        System.exit(code);
    }

    /** One line for an error nothing else caught (a stack trace only with {@code --debug}); exit 1. */
    static int fatal(Throwable t, boolean debug, PrintStream err) {
        if (debug) {
            t.printStackTrace(err);
        }
        err.println(DisplayText.oneLine(StrataCommand.oneLine(t)));
        err.flush();
        return ExitCodes.FAILED;
    }
}
