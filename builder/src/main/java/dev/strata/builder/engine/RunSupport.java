package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.exec.Emulation;
import dev.strata.builder.exec.ExecException;
import dev.strata.builder.exec.ExecOptions;
import dev.strata.builder.exec.Isolation;
import dev.strata.builder.exec.RunExecutor;
import dev.strata.builder.exec.RunFailedException;
import dev.strata.builder.exec.RunOutcome;
import dev.strata.builder.exec.RunRequest;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.steps.StageState;
import dev.strata.builder.steps.StepException;
import dev.strata.builder.steps.StepServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs RUN commands through the exec package for one build; the executor is made on first use. Thread-safe. */
final class RunSupport implements AutoCloseable {
    private final BuildSession session;
    private CompletableFuture<RunExecutor> preparing;
    private boolean announced;
    private volatile boolean ran;
    /** Architectures whose emulation was checked: each is checked once per build. */
    private final java.util.Set<String> emulationChecked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RunSupport(BuildSession session) {
        this.session = session;
    }

    /**
     * Starts, once, making the executor on a thread of its own: deciding the isolation starts
     * processes (~0.3 s), which can run while the step's lower layers are extracted.
     */
    private synchronized CompletableFuture<RunExecutor> prepare() {
        if (preparing == null) {
            CompletableFuture<RunExecutor> future = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    future.complete(create());
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            }, "strata-run-prepare");
            t.setDaemon(true);
            t.start();
            preparing = future;
        }
        return preparing;
    }

    private RunExecutor create() {
        String isolation = session.request().isolation();
        Optional<Isolation> chosen = isolation.equals("auto") ? Optional.empty() : Optional.of(Isolation.parse(isolation));
        try {
            RunExecutor created = new RunExecutor(new ExecOptions(session.request().root(), chosen, session.request().runtime(),
                    session.tempDir()));
            try {
                created.probe();
            } catch (IOException | RuntimeException e) {
                created.close();
                throw e;
            }
            return created;
        } catch (ExecException e) {
            throw new StepException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StepException("cannot prepare RUN: " + e.getMessage(), e);
        }
    }

    /** The executor, once made; the first RUN to get it says which isolation it uses. */
    private RunExecutor executor() {
        RunExecutor executor;
        try {
            executor = prepare().join();
        } catch (CompletionException e) {
            throw BuildSession.unwrap(e);
        }
        synchronized (this) {
            if (!announced) {
                announced = true;
                try {
                    session.emit(new BuildEvent.LogLine(0, "RUN isolation: " + executor.isolation().describe()));
                } catch (IOException e) { // decided already: isolation() only returns the decision
                    throw new StepException("cannot prepare RUN: " + e.getMessage(), e);
                }
            }
        }
        return executor;
    }

    StepServices.Execution execute(StageState state, RunRequest request, int step) {
        prepare();
        if (!emulationChecked.contains(state.architecture)) {
            try {
                Emulation.check(state.platform(), state.architecture);
            } catch (ExecException e) {
                throw new StepException(e.getMessage(), e);
            }
            emulationChecked.add(state.architecture);
        }
        List<Layer> layers;
        try {
            layers = state.layers.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw BuildSession.unwrap(e);
        }
        List<Path> lowers = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            lowers.add(session.views().extracted(layers.get(i), step));
        }
        RunOutcome outcome;
        try {
            outcome = executor().run(lowers, request, line -> session.emit(new BuildEvent.LogLine(step, line)));
        } catch (RunFailedException e) {
            if (Emulation.isForeign(state.architecture) && e.lastLines().stream().anyMatch(RunSupport::execRefused)) {
                throw new StepException(Emulation.notRunnable(state.platform(), state.architecture), e);
            }
            StringBuilder message = new StringBuilder(e.getMessage());
            e.lastLines().forEach(l -> message.append('\n').append("  ").append(l));
            throw new StepException(message.toString(), e);
        } catch (IOException e) {
            throw new StepException(e.getMessage(), e);
        }
        ran = true;
        return new StepServices.Execution() {
            @Override
            public List<LayerEntry> changes() {
                return outcome.changes();
            }

            @Override
            public void finish(Optional<Layer> layer) {
                try {
                    if (layer.isPresent()) {
                        outcome.clampTimes(session.clamp());
                        outcome.adopt(session.views().layerStore(), layer.get().diffId().hex());
                    }
                } catch (IOException e) { // the next step extracts the layer blob instead
                    session.emit(new BuildEvent.Warning("", 0, "cannot keep the RUN result for reuse: " + e.getMessage()));
                } finally {
                    try {
                        outcome.close();
                    } catch (IOException e) {
                        session.emit(new BuildEvent.Warning("", 0, "cannot remove the RUN's temporary files: " + e.getMessage()));
                    }
                }
            }
        };
    }

    /** runc's and capsh's words for an execve the kernel refused. */
    private static boolean execRefused(String line) {
        return line.endsWith(": exec format error") || (line.startsWith("execve '") && line.endsWith("' failed!"));
    }

    @Override
    public void close() {
        CompletableFuture<RunExecutor> made;
        synchronized (this) {
            made = preparing;
        }
        if (made == null) {
            return;
        }
        try {
            made.join().close(); // waits for a probe still running: its scratch files are in the build's temp
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return; // it failed: the step that needed it said why
        }
        if (ran) {
            syncLayersInBackground();
        }
    }

    /**
     * A step's root is mounted volatile (see {@link dev.strata.builder.rootfs.OverlayMount}), so no
     * unmount syncs the file system any more: the extracted layers and the kept upper directories
     * of this build are written back by a {@code sync -f} of the store's file system that the
     * build starts and does not wait for (without it, the kernel's own write-back, ~30 s later).
     */
    private void syncLayersInBackground() {
        Optional<Path> sync = dev.strata.builder.exec.Executables.find("sync");
        if (sync.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder(sync.get().toString(), "-f", session.views().layerStore().directory().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            // the kernel writes them back anyway
        }
    }
}
