package dev.strata.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code shared/conformance} (third-party vectors kept outside the repository): from
 * {@code $STRATA_CONFORMANCE}, else by walking up from the working directory. When it is missing
 * the calling test is skipped loudly, or fails when {@code CI=true}.
 */
public final class ConformanceFolder {
    private ConformanceFolder() {
    }

    public static Path require(String relative) {
        Optional<Path> found = locate().map(root -> root.resolve(relative)).filter(Files::exists);
        if (found.isEmpty()) {
            String message = "conformance vectors not found (" + relative + "): set STRATA_CONFORMANCE"
                    + " or put shared/conformance beside the repository";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            System.err.println("SKIPPED: " + message);
            assumeTrue(false, message);
        }
        return found.get();
    }

    private static Optional<Path> locate() {
        String fromEnv = System.getenv("STRATA_CONFORMANCE");
        if (fromEnv != null && !fromEnv.isBlank() && Files.isDirectory(Path.of(fromEnv))) {
            return Optional.of(Path.of(fromEnv));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("conformance");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
