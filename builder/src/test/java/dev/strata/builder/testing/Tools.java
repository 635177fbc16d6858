package dev.strata.builder.testing;

import dev.strata.builder.exec.Executables;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs tests use (skopeo, umoci, runc, docker-registry, busybox). Outside CI a
 * missing program skips the test with a loud message; with {@code CI=true} it fails the test,
 * because CI installs every one of them.
 */
public final class Tools {
    private Tools() {}

    /** The absolute path of {@code name}, or skip (locally) / fail (in CI) when it is missing. */
    public static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "required tool '" + name + "' is not installed (apt-get install it; .ci/run does)";
        if (inCi()) {
            Assertions.fail(message);
        }
        System.err.println("!!! SKIPPED: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Looks {@code name} up as the builder looks up host programs (PATH, then the sbin directories). */
    public static Optional<Path> find(String name) {
        return Executables.find(name);
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
