package dev.strata.builder.exec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How RUN steps are executed for a whole build.
 *
 * @param storeRoot the store: cache mounts ({@code cache-mounts/}) live here, on the same file
 *     system as the extracted layers
 * @param isolation {@code --isolation}; empty: OCI when a runtime is found, else chroot
 * @param runtime {@code --runtime PATH}; empty: runc, then crun, on PATH or in /usr/sbin
 * @param tempDir where step directories, mounts and the runtime's state go: the build's own
 *     directory in the store, so {@link Leftovers#clean} can remove what a killed build left
 */
public record ExecOptions(Path storeRoot, Optional<Isolation> isolation, Optional<Path> runtime, Path tempDir) {
    public ExecOptions {
        Objects.requireNonNull(storeRoot, "storeRoot");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(tempDir, "tempDir");
        // the runtime and the mounts it makes run elsewhere than this process's working directory
        storeRoot = storeRoot.toAbsolutePath();
        tempDir = tempDir.toAbsolutePath();
    }

    /** Temporary directories in the store's {@code tmp/}. */
    public ExecOptions(Path storeRoot, Optional<Isolation> isolation, Optional<Path> runtime) {
        this(storeRoot, isolation, runtime, storeRoot.resolve("tmp"));
    }

    /** Defaults: pick the isolation and runtime automatically. */
    public static ExecOptions of(Path storeRoot) {
        return new ExecOptions(storeRoot, Optional.empty(), Optional.empty());
    }
}
