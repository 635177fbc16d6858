package dev.strata.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Runs a real program (podman, debootstrap, umoci, skopeo...) and returns its exit code and combined output. */
record Sh(int exitCode, String output) {

    static Sh run(Duration timeout, List<String> argv) {
        List<String> command = new ArrayList<>(argv);
        if (!command.get(0).contains("/")) {
            command.set(0, require(command.get(0)).toString());
        }
        try {
            Path log = Files.createTempFile("sh-", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", argv)
                            + "\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Sh(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    static Sh run(String... argv) {
        return run(Duration.ofMinutes(3), List.of(argv));
    }

    /** Runs {@code argv}, failing the test unless it exits 0; returns its output. */
    static String ok(Duration timeout, List<String> argv) {
        Sh result = run(timeout, argv);
        if (result.exitCode != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + result.exitCode + ":\n" + result.output);
        }
        return result.output;
    }

    static String ok(String... argv) {
        return ok(Duration.ofMinutes(3), List.of(argv));
    }

    /** The absolute path of {@code name}; outside CI a missing tool skips the test loudly, in CI it fails it. */
    static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        skipOrFail("required tool '" + name + "' is not installed (apt-get install it; .ci/run does)");
        throw new AssertionError("unreachable");
    }

    static void skipOrFail(String message) {
        if (inCi()) {
            Assertions.fail(message);
        }
        System.err.println("!!! SKIPPED: " + message);
        Assumptions.abort(message);
    }

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
