package dev.strata.builder.steps;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory COPY reads from: the build context (with its ignore rules), a named context
 * directory, or the materialised root file system of a stage or image.
 *
 * @param kind what the directory is
 * @param directory the directory on the host
 * @param description named in errors ({@code build context}, {@code stage "build"})
 */
public record FileRoot(Kind kind, Path directory, String description) {
    /** Where the directory comes from; decides ignore rules and owners. */
    public enum Kind {
        CONTEXT,
        NAMED_DIRECTORY,
        ROOTFS
    }

    public FileRoot {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(description, "description");
    }
}
