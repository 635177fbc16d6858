package dev.strata.builder.steps;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one file-system step (COPY, ADD, WORKDIR, RUN) through the cache: announce it, derive its
 * key, reuse a cached layer or produce and store a new one, record history. A new layer is
 * compressed in the background so later steps (and other stages) go on meanwhile.
 */
final class LayerStep {
    private LayerStep() {}

    /** Produces a step's layer entries on a cache miss. */
    @FunctionalInterface
    interface Producer {
        List<? extends LayerEntry> produce();
    }

    /**
     * The visible part of a step: its progress number and text; {@code buildkitSuffix} when its
     * history entry ends in {@code  # buildkit} (COPY, ADD, RUN; not WORKDIR).
     */
    record Announced(int number, int index, long startNanos, boolean buildkitSuffix) {}

    static Announced announce(StageState s, StepServices services, String text) {
        int n = services.nextStepNumber();
        String stage = s.stageDisplayName();
        int index = s.nextStepIndex();
        services.emit(new BuildEvent.StepStarted(n, stage, index, s.stepTotal(), text));
        return new Announced(n, index, System.nanoTime(), !text.startsWith("WORKDIR"));
    }

    /** The key document every step shares: parent key, platform, instruction, args and env. */
    static Map<String, Object> keyDocument(StageState s, String instruction) {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("parent", s.cacheKey);
        doc.put("platform", s.platform());
        doc.put("instruction", instruction);
        doc.put("env", new TreeMap<>(s.config.envMap()));
        // an ARG that an ENV of the same name shadows has no effect on the step (as in BuildKit's
        // exec op, whose environment is all it keys on): keep it out so --build-arg leaves it cached
        Map<String, String> args = new TreeMap<>(s.args.values());
        args.keySet().removeAll(s.config.envMap().keySet());
        doc.put("args", args);
        doc.put("user", s.config.user);
        doc.put("workdir", s.config.workingDir);
        doc.put("shell", s.config.shellOrDefault());
        return doc;
    }

    /**
     * Completes a step: from the cache when possible, else by {@code producer}.
     *
     * @param createdBy the history text (without the {@code # buildkit} suffix)
     */
    static void run(StageState s, StepServices services, Announced step, Map<String, Object> keyDoc,
            String createdBy, Producer producer) {
        run(s, services, step, keyDoc, createdBy, producer, layer -> {});
    }

    /** As above; {@code cleanup} runs once with the written layer (empty when none was written). */
    static void run(StageState s, StepServices services, Announced step, Map<String, Object> keyDoc,
            String createdBy, Producer producer, java.util.function.Consumer<Optional<Layer>> cleanup) {
        run(s, services, step, CacheKey.of(keyDoc), createdBy, producer, cleanup, () -> {});
    }

    /** Which step this is across builds: its Dockerfile, stage, position and platform. */
    static String identity(StageState s, Announced step) {
        return s.stage().from().location().file() + "#" + s.stage().index() + "#" + step.index() + "#" + s.platform();
    }

    /**
     * As above, with the step's key made by the caller; {@code resultStored} runs once the step's
     * result is in the cache (at once on a hit, after its layer is stored on a miss), not on failure.
     */
    static void run(StageState s, StepServices services, Announced step, CacheKey key, String createdBy, Producer producer,
            java.util.function.Consumer<Optional<Layer>> cleanup, Runnable resultStored) {
        String identity = identity(s, step);
        Optional<StepServices.CachedStep> hit = services.noCache(s) ? Optional.empty() : services.lookup(key);
        if (hit.isEmpty()) {
            key.document(); // a remembered key's document is made here, on the step's thread, not where its result is stored
        }
        List<String> changed = services.rememberAndExplain(identity, key, hit.isEmpty());
        if (services.explainCache()) {
            services.emit(new BuildEvent.LogLine(step.number(), "cache key " + key.digest() + ": "
                    + new String(key.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (!services.noCache(s) && !changed.isEmpty()) {
            services.emit(new BuildEvent.LogLine(step.number(), "cache miss: " + String.join("; ", changed)));
        }
        {
            if (hit.isPresent()) {
                hit.get().layer().ifPresent(l -> s.layers.add(CompletableFuture.completedFuture(l)));
                s.commitHistory(createdBy, hit.get().layer().isPresent(), step.buildkitSuffix());
                s.cacheKey = key.digest().toString();
                services.emit(new BuildEvent.StepCached(step.number()));
                cleanup.accept(Optional.empty());
                resultStored.run();
                return;
            }
        }
        List<? extends LayerEntry> entries;
        try {
            entries = producer.produce();
        } catch (RuntimeException e) {
            cleanup.accept(Optional.empty());
            services.emit(new BuildEvent.StepFailed(step.number(), e instanceof StepException se ? se.progressMessage()
                    : String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            throw e;
        }
        s.cacheKey = key.digest().toString();
        if (entries.isEmpty()) {
            s.commitHistory(createdBy, false, step.buildkitSuffix());
            services.store(key, new StepServices.CachedStep(Optional.empty()));
            resultStored.run();
            done(services, step);
            cleanup.accept(Optional.empty());
            return;
        }
        CompletableFuture<Optional<Layer>> written = services.writeLayer(step.number(), entries);
        CompletableFuture<Layer> layer = written.whenComplete((l, e) -> cleanup.accept(e == null ? l : Optional.empty()))
                .thenApply(l -> {
            Layer result = l.orElseThrow(() -> new IllegalStateException("non-empty entries gave no layer"));
            services.store(key, new StepServices.CachedStep(Optional.of(result)));
            resultStored.run();
            done(services, step);
            return result;
        });
        s.layers.add(layer);
        s.commitHistory(createdBy, true, step.buildkitSuffix());
    }

    private static void done(StepServices services, Announced step) {
        services.emit(new BuildEvent.StepDone(step.number(), (System.nanoTime() - step.startNanos()) / 1e9));
    }
}
