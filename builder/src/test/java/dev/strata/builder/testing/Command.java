package dev.strata.builder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real program in tests and returns its exit code and combined output. */
public record Command(int exitCode, String output) {

    /** Runs {@code argv} (its first word is looked up with {@link Tools#require}) and waits up to 2 minutes. */
    public static Command run(String... argv) {
        List<String> command = new ArrayList<>(List.of(argv));
        if (!argv[0].contains("/")) {
            command.set(0, Tools.require(argv[0]).toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            return new Command(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    /** Runs {@code argv} and fails the test unless it exits with 0; returns its output. */
    public static String ok(String... argv) {
        Command result = run(argv);
        if (result.exitCode != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + result.exitCode + ":\n" + result.output);
        }
        return result.output;
    }
}
