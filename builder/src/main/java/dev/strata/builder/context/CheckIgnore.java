package dev.strata.builder.context;

import dev.strata.builder.context.pattern.DockerIgnore;
import dev.strata.dockerfile.check.ContextIgnore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * A build context's ignore rules as the CopyIgnoredFile check sees them ({@code
 * CheckOptions.withDockerignore}): the same file and matcher the build uses for COPY.
 */
public final class CheckIgnore {
    private CheckIgnore() {}

    /** The context's rules; empty when it has no ignore file (the check then finds nothing). */
    public static Optional<ContextIgnore> of(BuildContext context) throws IOException {
        if (context.ignoreFile().isEmpty()) {
            return Optional.empty();
        }
        List<String> patterns = DockerIgnore.parse(Files.readString(context.ignoreFile().get(), StandardCharsets.UTF_8));
        boolean excludesRoot = patterns.stream().anyMatch(p -> p.equals("*") || p.equals("**") || p.equals("**/*"));
        var matcher = context.ignore();
        return Optional.of(new ContextIgnore() {
            @Override
            public boolean matchesOrParentMatches(String path) {
                return matcher.matches(path);
            }

            @Override
            public boolean hasExceptions() {
                return matcher.hasExclusions();
            }

            @Override
            public boolean excludesRoot() {
                return excludesRoot;
            }
        });
    }
}
