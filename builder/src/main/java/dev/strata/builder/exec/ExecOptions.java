package dev.strata.builder.exec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How RUN steps are executed for a whole build.
 *
 * @param storeRoot the store: temporary directories ({@code tmp/}) and cache mounts
 *     ({@code cache-mounts/}) live here, on the same file system as the extracted layers
 * @param isolation {@code --isolation}; empty: OCI when a runtime is found, else chroot
 * @param runtime {@code --runtime PATH}; empty: runc, then crun, on PATH or in /usr/sbin
 */
public record ExecOptions(Path storeRoot, Optional<Isolation> isolation, Optional<Path> runtime) {
    public ExecOptions {
        Objects.requireNonNull(storeRoot, "storeRoot");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(runtime, "runtime");
    }

    /** Defaults: pick the isolation and runtime automatically. */
    public static ExecOptions of(Path storeRoot) {
        return new ExecOptions(storeRoot, Optional.empty(), Optional.empty());
    }
}
