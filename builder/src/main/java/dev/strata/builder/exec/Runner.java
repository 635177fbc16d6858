package dev.strata.builder.exec;

import dev.strata.builder.layer.EntryAttributes;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Starts the command of a prepared RUN step in its root; one implementation per {@link Isolation}. */
sealed interface Runner permits OciRunner, ChrootRunner {

    /**
     * A prepared step: the bundle directory holds {@code rootfs/} (mounted) and receives {@code config.json};
     * {@code namespace} is the user namespace the step's root is mounted in, for {@code userns}.
     */
    record Step(Path bundle, String containerId, OciSpec.Process process, RunRequest request, List<BundleMount> mounts,
            java.util.Optional<UserNamespace.Session> namespace) {}

    /** The user namespace each step gets, for {@code userns}. */
    default java.util.Optional<UserNamespace> userNamespace() {
        return java.util.Optional.empty();
    }

    OutputPump.Result run(Step step, Consumer<String> output) throws java.io.IOException;

    /** The owner a file has inside the step, for one the step left with {@code onDisk}. */
    default EntryAttributes inside(EntryAttributes onDisk) {
        return onDisk;
    }

    /** What this runner cannot give a step, said when a step fails (empty: nothing). */
    default String limits() {
        return "";
    }

    /** Best-effort stop and unmount from a shutdown hook (Ctrl-C); never throws. */
    void emergencyStop(String containerId, Path rootfs);

    /** The runner for {@code decision}; {@code tmp} holds the runtime's state. */
    static Runner of(IsolationProbe.Decision decision, HostFacts facts, List<Path> runtimes, Path tmp) throws java.io.IOException {
        return switch (decision.isolation()) {
            case OCI -> new OciRunner(runtimes, tmp.resolve("runtime-state"), java.util.Optional.empty());
            case USERNS -> new OciRunner(runtimes, tmp.resolve("runtime-state"), java.util.Optional.of(UserNamespace.of(facts)));
            case CHROOT -> new ChrootRunner(Executables.find("capsh").orElseThrow(() -> new ExecException(
                    "--isolation chroot needs capsh (Debian package libcap2-bin) to drop capabilities")));
        };
    }
}
