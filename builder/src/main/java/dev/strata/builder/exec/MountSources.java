package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the engine finds what {@code RUN --mount} refers to. Implementations must keep bind
 * sources inside the build context or the named stage's root (resolving symlinks there).
 */
public interface MountSources {
    /** No bind sources and no secrets. */
    MountSources NONE = new MountSources() {
        @Override
        public Path bindSource(String from, String source) throws IOException {
            throw new ExecException("--mount type=bind has no source here");
        }

        @Override
        public Optional<byte[]> secret(String id) {
            return Optional.empty();
        }
    };

    /**
     * The host path to bind for {@code source} of {@code from} ({@code ""}: the build context;
     * otherwise a stage, image or named context). The path must stay valid during the step.
     */
    Path bindSource(String from, String source) throws IOException;

    /** The value of secret {@code id} ({@code --secret id=...}), empty when it was not given. */
    Optional<byte[]> secret(String id) throws IOException;
}
