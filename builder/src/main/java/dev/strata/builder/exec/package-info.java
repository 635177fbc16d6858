/**
 * RUN steps: run a command in an isolated root filesystem made of extracted layers and capture
 * exactly what it changed. {@link dev.strata.builder.exec.RunExecutor} stacks the layers with
 * overlayfs (the fresh upper directory is the step's diff), runs the command with an OCI runtime
 * (runc, or crun where it works) or with {@code unshare} + {@code chroot}, and turns the upper
 * directory into layer entries. RUN {@code --mount} (cache, secret, bind, tmpfs) and
 * {@code --network} are handled here; the engine decides what runs and caches the result.
 */
package dev.strata.builder.exec;
