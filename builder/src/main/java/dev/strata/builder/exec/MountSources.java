package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the engine finds what {@code RUN --mount} refers to. Implementations must keep bind
 * sources inside the build context or the named stage's root (resolving symlinks there).
 */
public interface MountSources {
    /** No bind sources and no secrets. */
    MountSources NONE = new MountSources() {
        @Override
        public BindSource bindSource(String from, String source) throws IOException {
            throw new ExecException("--mount type=bind has no source here");
        }

        @Override
        public Optional<byte[]> secret(String id) {
            return Optional.empty();
        }
    };

    /**
     * A bind mount's source on the host, and what of it the step must not see.
     *
     * @param path the host file or directory (it must stay valid during the step)
     * @param hidden entries below {@code path} that .dockerignore leaves out of the context, as
     *     clean relative paths, topmost only (what is below a hidden directory is not listed)
     */
    record BindSource(Path path, List<String> hidden) {
        public BindSource {
            Objects.requireNonNull(path, "path");
            hidden = List.copyOf(hidden);
        }

        /** All of {@code path}. */
        public static BindSource of(Path path) {
            return new BindSource(path, List.of());
        }
    }

    /**
     * The source to bind for {@code source} of {@code from} ({@code ""}: the build context, as
     * .dockerignore filters it; otherwise a stage, image or named context).
     */
    BindSource bindSource(String from, String source) throws IOException;

    /**
     * A digest of what a bind mount of {@code source} of {@code from} shows (the context's visible
     * files: names, types, modes, link targets and contents), for the RUN cache key; empty where
     * the step's other key fields already identify it (a stage or image).
     */
    default Optional<String> contentDigest(String from, String source) throws IOException {
        return Optional.empty();
    }

    /**
     * What {@code --ssh id=...} forwards for {@code id}: one agent socket or key files; empty when it
     * was not given.
     */
    default Optional<List<Path>> ssh(String id) throws IOException {
        return Optional.empty();
    }

    /** The value of secret {@code id} ({@code --secret id=...}), empty when it was not given. */
    Optional<byte[]> secret(String id) throws IOException;
}
