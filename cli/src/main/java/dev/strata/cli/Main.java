package dev.strata.cli;

import dev.strata.builder.api.Builder;
import dev.strata.builder.api.DisplayText;
import dev.strata.builder.api.SubordinateIds;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Process entry point of the {@code strata} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (StrataCommand.touchesStore(args)) {
            Optional<Integer> restarted = inSubordinateIds();
            if (restarted.isPresent()) {
                System.exit(restarted.get());
            }
        }
        if (StrataCommand.builds(args)) {
            warmUpInBackground();
        }
        int code;
        try {
            code = StrataCommand.newCommandLine(args).execute(args);
        } catch (Throwable t) { // picocli hands errors (StackOverflowError, OutOfMemoryError) on
            code = fatal(t, Arrays.asList(args).contains("--debug"), System.err);
        }
        System.exit(code);
    }

    /**
     * Lets the builder do its input-free first-use work on a second core while picocli builds its
     * model and the Dockerfile is read (see {@link Builder#warmUp()}). A failure here is only lost
     * time: the build does the same work again and reports any error itself.
     */
    private static void warmUpInBackground() {
        Thread thread = new Thread(() -> {
            try {
                Builder.create().warmUp();
            } catch (RuntimeException | LinkageError ignored) {
                // the build itself meets and reports whatever this met
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs this command again as root of a user namespace of the caller's /etc/subuid ids (see
     * {@link SubordinateIds}) and returns its exit code; empty when this process should do the work.
     */
    private static Optional<Integer> inSubordinateIds() {
        try {
            Optional<List<String>> command = SubordinateIds.restartCommand(SubordinateIds.ownCommandLine(), System.getenv());
            if (command.isEmpty()) {
                return Optional.empty();
            }
            ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
            builder.environment().put(SubordinateIds.ENV, SubordinateIds.ENTERED);
            Process child = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (child.isAlive()) {
                    child.destroy();
                    try {
                        child.waitFor(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            return Optional.of(child.waitFor());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ExitCodes.FAILED);
        }
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
