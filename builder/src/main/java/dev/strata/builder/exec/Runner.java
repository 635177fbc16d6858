package dev.strata.builder.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Starts the command of a prepared RUN step in its root; one implementation per {@link Isolation}. */
sealed interface Runner permits OciRunner, ChrootRunner {

    /** A prepared step: the bundle directory holds {@code rootfs/} (mounted) and receives {@code config.json}. */
    record Step(Path bundle, String containerId, OciSpec.Process process, RunRequest request, List<BundleMount> mounts) {}

    OutputPump.Result run(Step step, Consumer<String> output) throws java.io.IOException;

    /** Best-effort stop and unmount from a shutdown hook (Ctrl-C); never throws. */
    void emergencyStop(String containerId, Path rootfs);

    /** The runner for {@code options}: OCI when asked or when a runtime is found, else chroot. */
    static Runner choose(ExecOptions options, Path tmp) throws ExecException {
        List<Path> runtimes = Runtimes.candidates(options.runtime());
        Isolation isolation = options.isolation().orElse(runtimes.isEmpty() ? Isolation.CHROOT : Isolation.OCI);
        if (isolation == Isolation.CHROOT) {
            return new ChrootRunner();
        }
        if (runtimes.isEmpty()) {
            throw new ExecException("no OCI runtime found (install runc, pass --runtime PATH, or use --isolation chroot)");
        }
        return new OciRunner(runtimes, tmp.resolve("runtime-state"));
    }
}
