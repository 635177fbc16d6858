package dev.strata.builder.steps;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What steps need from the build they run in: events, the step cache, layer writing, and the
 * file systems COPY reads. One per build, shared by the stages; thread-safe.
 */
public interface StepServices {

    void emit(BuildEvent event);

    /** The next {@code #n} of the progress output. */
    int nextStepNumber();

    /** True for {@code --no-cache}: every step is built anew (results are still stored). */
    boolean noCache();

    /** Whether the steps of {@code state}'s stage are built anew: {@code --no-cache}, or the stage is in {@code --no-cache-filter}. */
    default boolean noCache(StageState state) {
        return noCache();
    }

    /** Whether every step logs its full cache key document ({@code --explain-cache}). */
    boolean explainCache();

    /** Whether the build may not use the network ({@code mvn -o}): ADD of a URL is refused. */
    default boolean offline() {
        return false;
    }

    /** A cached step result, if the key is known and its layer blob is still in the store. */
    Optional<CachedStep> lookup(CacheKey cacheKey);

    /**
     * Records that the step {@code identity} (Dockerfile, stage, position) used {@code key}, and
     * explains a miss: the key document's fields that changed since that step's last build.
     */
    List<String> rememberAndExplain(String identity, CacheKey key, boolean miss);

    /** Remembers a step's result once its layer is stored. */
    void store(CacheKey cacheKey, CachedStep result);

    /**
     * The key the step {@code identity} remembers, if it was memoized for inputs with this
     * {@code fingerprint} (see {@link dev.strata.builder.cache.StepCache#memo}); its document is
     * made by {@code document} only if asked for.
     */
    default Optional<CacheKey> memo(String identity, dev.strata.builder.hash.Digest fingerprint,
            java.util.function.Supplier<Map<String, ?>> document) {
        return Optional.empty();
    }

    /** Memoizes that the step {@code identity}'s inputs with {@code fingerprint} give {@code key} (its result is stored). */
    default void memoize(String identity, dev.strata.builder.hash.Digest fingerprint, CacheKey key) {
    }

    /**
     * Writes the entries as a layer, in the background, reporting its bytes as progress of step
     * {@code step}; the future yields empty for no entries.
     * Layers of independent steps compress in parallel.
     */
    CompletableFuture<Optional<Layer>> writeLayer(int step, List<? extends LayerEntry> entries);

    /** A directory for temporary files on the store's file system (downloads). */
    java.nio.file.Path tempDir();

    /**
     * Resolves the USER value ({@code user[:group]}, names or ids) a WORKDIR is made for to
     * {@code {uid, gid}}, names looked up in the image's {@code /etc/passwd} and {@code /etc/group};
     * an unknown name does not fail, as in BuildKit ({@code UserDatabase#resolveLeniently}).
     */
    long[] resolveOwner(StageState state, String spec);

    /** The network RUN uses unless {@code RUN --network=} says otherwise ({@code --network}). */
    dev.strata.builder.exec.Network defaultNetwork();

    /** What every RUN gets ({@code --add-host}, {@code --ulimit}, {@code --shm-size}, {@code --allow}, {@code --ssh}). */
    default dev.strata.builder.api.RunOptions runOptions() {
        return dev.strata.builder.api.RunOptions.DEFAULT;
    }

    /** Where RUN --mount bind sources and secrets come from. */
    dev.strata.builder.exec.MountSources mountSources();

    /**
     * Runs a RUN command on the image the stage has built so far, streaming its output as log
     * lines of step {@code stepNumber}.
     *
     * @throws StepException when the command fails (message {@code RUN exited with code N} and its last lines)
     */
    Execution execute(StageState state, dev.strata.builder.exec.RunRequest request, int stepNumber);

    /** A finished RUN: its changes, and what to do once its layer is written. */
    interface Execution {
        List<LayerEntry> changes();

        /** Called once with the written layer (empty: no changes, or the write failed): keeps or deletes the diff. */
        void finish(Optional<Layer> layer);
    }

    /** Gives access to the file systems of stages, images and named contexts, for COPY --from. */
    StageFiles stageFiles();

    /** What a cache entry holds: the layer a step produced, or none for a step with an empty diff. */
    record CachedStep(Optional<Layer> layer) {}
}
