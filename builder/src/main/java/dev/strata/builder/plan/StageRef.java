package dev.strata.builder.plan;

import java.util.Objects;

/** What a {@code FROM} or a {@code --from=} names, once resolved against the stages. */
public sealed interface StageRef {

    /** {@code FROM scratch}: an empty file system. */
    record Scratch() implements StageRef {}

    /** An earlier (or, for COPY --from, any other) stage of the same Dockerfile. */
    record Stage(int index) implements StageRef {}

    /**
     * An image: a named build context ({@code --build-context NAME=...}) or a registry
     * reference, as written after expansion.
     */
    record Image(String reference) implements StageRef {
        public Image {
            Objects.requireNonNull(reference, "reference");
        }
    }
}
