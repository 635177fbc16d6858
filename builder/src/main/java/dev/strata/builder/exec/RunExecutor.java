package dev.strata.builder.exec;

import dev.strata.builder.rootfs.Trees;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.rootfs.LayerMerger;
import dev.strata.builder.rootfs.OverlayMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs RUN steps. Each run stacks the given extracted layers under a fresh upper directory with
 * overlayfs, runs the command there (OCI runtime or unshare + chroot, see {@link Isolation}),
 * removes mount points from the upper directory and returns it, as entries, in a {@link
 * RunOutcome}. Without overlayfs it copies the layers and compares before and after (and says so
 * on {@code output}). Temporary directories and mounts are removed when a step ends, fails, or the
 * JVM is stopped (Ctrl-C). Thread-safe: independent stages may run steps at the same time. Close it
 * at the end of the build.
 */
public final class RunExecutor implements AutoCloseable {
    private final ExecOptions options;
    private final Path tmp;
    private final CacheMounts caches;
    private final Map<Path, Runnable> emergencies = new ConcurrentHashMap<>();
    private final Thread shutdownHook;
    private final boolean overlayAllowed;
    private final Object probeLock = new Object();
    private Boolean overlay;
    private IsolationProbe.Decision decision;
    private Runner runner;

    public RunExecutor(ExecOptions options) throws IOException {
        this(options, true);
    }

    /** {@code overlayAllowed=false} forces the copy-and-compare fallback (tests). */
    RunExecutor(ExecOptions options, boolean overlayAllowed) throws IOException {
        this.options = options;
        this.tmp = Files.createDirectories(options.tempDir());
        this.caches = new CacheMounts(options.storeRoot());
        this.overlayAllowed = overlayAllowed;
        this.shutdownHook = new Thread(() -> emergencies.values().forEach(Runnable::run), "strata-run-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Runs {@code request} on the root made of {@code lowerDirs} (extracted layer directories or
     * earlier steps' diff directories, top layer first; empty for {@code scratch}).
     *
     * @param output receives the command's output lines (stdout and stderr) and notes
     * @throws RunFailedException when the command exits with a non-zero code
     * @throws ExecException when the step cannot be set up (unknown user, bad mount, no runtime)
     */
    public RunOutcome run(List<Path> lowerDirs, RunRequest request, Consumer<String> output)
            throws IOException, RunFailedException {
        long started = System.nanoTime();
        Isolation isolation = isolation().isolation();
        Runner chosen = runner;
        Optional<UserNamespace> userns = chosen.userNamespace();
        boolean useOverlay = isolation != Isolation.CHROOT && overlayAvailable(userns);
        boolean hostOverlay = useOverlay && userns.isEmpty();
        Path runDir = Files.createTempDirectory(tmp, "run-");
        Path upper = Files.createDirectory(runDir.resolve("upper"));
        Path work = Files.createDirectory(runDir.resolve("work"));
        Path bundle = Files.createDirectory(runDir.resolve("bundle"));
        Path rootfs = Files.createDirectory(bundle.resolve("rootfs"));
        String containerId = "strata-" + runDir.getFileName().toString().substring(4);
        StepMounts stepMounts = new StepMounts(runDir, caches, hostOverlay);
        StepCleanup cleanup = new StepCleanup(runDir, stepMounts);
        emergencies.put(runDir, () -> emergencyCleanup(chosen, containerId, rootfs, cleanup));
        boolean kept = false;
        try {
            Optional<UserNamespace.Session> namespace = Optional.empty();
            if (userns.isPresent()) {
                namespace = Optional.of(userns.get().open());
                cleanup.opened(namespace.get());
            }
            Path root = rootfs; // the step's root as this process sees it
            Snapshot snapshot = null;
            if (useOverlay) {
                List<Path> lowers = lowerDirs.isEmpty() ? List.of(Files.createDirectory(runDir.resolve("empty"))) : lowerDirs;
                if (namespace.isPresent()) {
                    OverlayMount.mount(lowers, upper, work, rootfs, namespace.get()::run);
                    root = namespace.get().view(rootfs);
                } else {
                    cleanup.mounted(OverlayMount.mount(lowers, upper, work, rootfs));
                }
            } else {
                if (isolation != Isolation.CHROOT) {
                    output.accept("overlayfs is not available: copying the root filesystem and comparing it after the step (slower)");
                }
                LayerMerger.merge(lowerDirs, rootfs);
                snapshot = Snapshot.take(rootfs);
            }
            UserResolver.ResolvedUser user = UserResolver.resolve(root, request.user());
            Workdir.ensure(root, request.workdir(), user);
            stepMounts.prepare(request.mounts(), request.sources());
            List<BundleMount> mounts = new ArrayList<>(OciSpec.systemMounts(request.sandbox()));
            mounts.addAll(NetworkFiles.write(runDir, request.hostname(), request.sandbox().hosts()));
            mounts.addAll(stepMounts.mounts());
            MountPoints points = MountPoints.record(root, mounts.stream().map(BundleMount::destination).toList());
            OciSpec.Process process = new OciSpec.Process(request.argv(),
                    Environment.of(request.env(), user, stepMounts.secretEnv()), request.workdir(), user);
            OutputPump.Result result = chosen.run(new Runner.Step(bundle, containerId, process, request, mounts, namespace), output);
            cleanup.unmountRoot();
            if (result.exitCode() != 0) {
                throw new RunFailedException(result.exitCode(), result.lastLines(), chosen.limits());
            }
            if (useOverlay) {
                points.clean(upper, true);
            } else {
                points.clean(rootfs, false);
                snapshot.diff(rootfs, upper, lowerDirs);
            }
            List<LayerEntry> changes = UpperDiff.capture(upper, chosen::inside);
            cleanup.keep();
            kept = true;
            Trees.delete(work);
            Trees.delete(bundle);
            return new RunOutcome(upper, changes, Duration.ofNanos(System.nanoTime() - started), useOverlay);
        } finally {
            emergencies.remove(runDir);
            if (!kept) {
                cleanup.discard();
            }
        }
    }

    /** From the shutdown hook (Ctrl-C): stop the container, then undo the step (waiting for its own cleanup). */
    private static void emergencyCleanup(Runner runner, String containerId, Path rootfs, StepCleanup cleanup) {
        runner.emergencyStop(containerId, rootfs);
        try {
            cleanup.discard();
        } catch (IOException | RuntimeException e) {
            // best effort while the JVM stops
        }
    }

    /**
     * Decides now what the first RUN would (the isolation, and whether overlayfs mounts here), each
     * probe starting processes: a build calls it on another thread while it extracts that RUN's root.
     */
    public void probe() throws IOException {
        if (isolation().isolation() != Isolation.CHROOT) {
            overlayAvailable(runner.userNamespace());
        }
    }

    /**
     * Whether overlayfs can hold a step's root: mounted by this process, or inside the user
     * namespace {@code userns} makes for each step (Linux 5.11+; xattr whiteouts 6.7+). Probed
     * once: every step of a build runs the same way.
     */
    private boolean overlayAvailable(Optional<UserNamespace> userns) throws IOException {
        synchronized (probeLock) {
            if (overlay == null) {
                overlay = overlayAllowed && probeOverlay(userns);
            }
            return overlay;
        }
    }

    private boolean probeOverlay(Optional<UserNamespace> userns) throws IOException {
        Path scratch = Files.createTempDirectory(tmp, "probe-");
        try {
            if (userns.isEmpty()) {
                return OverlayMount.available(scratch);
            }
            try (UserNamespace.Session session = userns.get().open()) {
                return OverlayMount.available(scratch, true, session::run, session::view);
            }
        } finally {
            Trees.delete(scratch);
        }
    }

    /**
     * How this build's RUN steps are isolated: probed on the first call (see {@link IsolationProbe}),
     * the same afterwards.
     *
     * @throws ExecException when no mode works here, or the one asked for does not
     */
    public IsolationProbe.Decision isolation() throws IOException {
        synchronized (probeLock) {
            if (decision == null) {
                List<Path> runtimes = Runtimes.candidates(options.runtime());
                Path scratch = Files.createTempDirectory(tmp, "probe-");
                HostFacts facts;
                try {
                    facts = IsolationProbe.observe(!runtimes.isEmpty(), scratch);
                } finally {
                    Trees.delete(scratch);
                }
                IsolationProbe.Decision decided = IsolationProbe.decide(facts, options.isolation());
                runner = Runner.of(decided, facts, runtimes, tmp);
                decision = decided;
            }
            return decision;
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
