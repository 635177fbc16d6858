package dev.strata.builder.engine;

import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.steps.StageState;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A finished stage: its state (config, history, cache key) and its layers, some of which may
 * still be compressing.
 *
 * @param base the config of the image the stage started from (its unknown fields are kept)
 */
record StageResult(StageState state, ImageConfig base) {
    StageResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(base, "base");
    }

    /** Waits for every layer of the stage. */
    List<Layer> layers() {
        return state.layers.stream().map(CompletableFuture::join).toList();
    }
}
