package dev.strata.builder.exec;

import dev.strata.builder.rootfs.Trees;
import dev.strata.builder.rootfs.HostCommand;
import dev.strata.builder.rootfs.OverlayMount;
import dev.strata.builder.rootfs.RootPath;
import dev.strata.builder.layer.EntryAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs RUN steps with an OCI runtime ({@code runc run --bundle}), directly ({@code oci}) or inside
 * a user namespace of its own ({@code userns}, see {@link UserNamespace}). If crun refuses to
 * start because the host mixes cgroup v1 and v2, the step is started again with the next runtime
 * (runc) and crun is not tried again. Thread-safe.
 */
final class OciRunner implements Runner {
    private final List<Path> runtimes;
    private final Path state;
    private final Optional<UserNamespace> userns;
    private volatile int current;
    private final Map<String, Path> configs = new ConcurrentHashMap<>();

    OciRunner(List<Path> runtimes, Path state, Optional<UserNamespace> userns) {
        this.runtimes = List.copyOf(runtimes);
        this.state = state;
        this.userns = userns;
    }

    /**
     * runc copies a container's stdout and stderr through two pipes, which can reorder them (an
     * error message printed last may arrive first). Where the root has {@code /bin/sh}, the command
     * is started through {@code exec "$@" 2>&1} so both go through one pipe in order; the shell
     * replaces itself with the command, which keeps PID 1 and its argv.
     */
    static OciSpec.Process mergeStderr(Path rootfs, OciSpec.Process process) throws IOException {
        Path sh = RootPath.resolve(rootfs, "/bin/sh");
        if (!Files.isRegularFile(sh, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(sh)) {
            return process;
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 2>&1", "sh"));
        argv.addAll(process.argv());
        return new OciSpec.Process(argv, process.env(), process.cwd(), process.user());
    }

    /**
     * The config (it holds the environment, with any {@code env=} secrets) goes to a private
     * directory in memory, not next to the root on disk.
     */
    @Override
    public OutputPump.Result run(Step step, Consumer<String> output) throws IOException {
        Path rootfs = step.bundle().resolve("rootfs");
        OciSpec.Process process = mergeStderr(rootfs, step.process());
        List<BundleMount> mounts = step.mounts();
        String hostname = step.request().hostname();
        if (userns.isPresent()) {
            if (step.request().sandbox().insecure()) {
                output.accept("RUN --security=insecure under --isolation userns: every capability, no seccomp filter,"
                        + " but only inside the build's user namespace (no host devices)");
            }
            hostname = userns.get().hostname(hostname);
            process = userns.get().fit(process);
            mounts = userns.get().adapt(mounts);
        }
        Path config = PrivateTemp.create(step.bundle(), "strata-bundle-");
        configs.put(step.containerId(), config);
        try {
            OciSpec.write(config, rootfs, process, hostname, step.request().network(), mounts, step.request().sandbox(),
                    userns.isPresent());
            return start(config, step.containerId(), step.namespace(), output);
        } finally {
            configs.remove(step.containerId());
            Trees.delete(config);
        }
    }

    private OutputPump.Result start(Path bundle, String containerId, Optional<UserNamespace.Session> namespace,
            Consumer<String> output) throws IOException {
        while (true) {
            int index = current;
            Path runtime = runtimes.get(index);
            // nsenter leaves the runtime in / of the namespace: every path it gets is absolute
            List<String> command = new ArrayList<>(List.of(runtime.toString(), "--root", state.toAbsolutePath().toString()));
            Path log = bundle.resolve("runtime.log");
            if (userns.isPresent()) {
                // without cgroups runc warns on every run (no oom kill count): its own log goes to a file
                command.addAll(List.of("--rootless=true", "--log", log.toAbsolutePath().toString()));
            }
            command.addAll(List.of("run", "--bundle", bundle.toAbsolutePath().toString(), "--no-new-keyring", containerId));
            OutputPump.Result result = userns.isPresent()
                    ? withErrors(namespace.orElseThrow().exec(command, output), log, output)
                    : OutputPump.run(command, output, p -> {});
            if (result.exitCode() != 0 && Runtimes.refusedHybridCgroups(result.lastLines()) && index + 1 < runtimes.size()) {
                output.accept(runtime.getFileName() + " does not support this host's hybrid cgroups: using "
                        + runtimes.get(index + 1));
                current = index + 1;
                continue;
            }
            return result;
        }
    }

    /** The runtime's error lines from its log, passed on and kept as the last lines of the result. */
    private static OutputPump.Result withErrors(OutputPump.Result result, Path log, Consumer<String> output) throws IOException {
        if (!Files.isRegularFile(log)) {
            return result;
        }
        List<String> errors = Files.readAllLines(log).stream()
                .filter(l -> !l.contains("level=warning") && !l.contains("level=info") && !l.contains("level=debug"))
                .filter(l -> !l.isBlank()).toList();
        if (errors.isEmpty()) {
            return result;
        }
        errors.forEach(output);
        List<String> last = new ArrayList<>(result.lastLines());
        last.addAll(errors);
        return new OutputPump.Result(result.exitCode(), List.copyOf(last.subList(Math.max(0, last.size() - OutputPump.KEEP), last.size())));
    }

    @Override
    public Optional<UserNamespace> userNamespace() {
        return userns;
    }

    @Override
    public EntryAttributes inside(EntryAttributes onDisk) {
        return userns.map(u -> u.inside(onDisk)).orElse(onDisk);
    }

    @Override
    public String limits() {
        return userns.map(UserNamespace::limits).orElse("");
    }

    @Override
    public void emergencyStop(String containerId, Path rootfs) {
        String runtime = runtimes.get(current).toString();
        for (List<String> command : List.of(List.of(runtime, "--root", state.toString(), "kill", containerId, "KILL"),
                List.of(runtime, "--root", state.toString(), "delete", "--force", containerId))) {
            try {
                HostCommand.run(command, null);
            } catch (IOException ignored) {
                // the container may be gone already
            }
        }
        try {
            OverlayMount.unmount(rootfs);
        } catch (IOException ignored) {
            // not mounted any more
        }
        Path config = configs.remove(containerId);
        try {
            if (config != null) {
                Trees.delete(config);
            }
        } catch (IOException ignored) {
            // best effort while the JVM stops
        }
    }
}
