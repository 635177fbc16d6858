package dev.strata.builder.api;

import java.nio.file.Path;
import java.util.Objects;

/** Where the Dockerfile comes from: a file, or text (e.g. read from standard input). */
public sealed interface DockerfileSource {

    /** A Dockerfile on disk, inside the context or not. */
    record FromFile(Path path) implements DockerfileSource {
        public FromFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Dockerfile text; {@code name} is used in messages ({@code Dockerfile}). */
    record FromText(String name, String text) implements DockerfileSource {
        public FromText {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }

    static DockerfileSource file(Path path) {
        return new FromFile(path);
    }

    static DockerfileSource text(String text) {
        return new FromText("Dockerfile", text);
    }
}
