package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;

/**
 * Receives progress of every blob transfer; the engine maps it to progress events. Called from
 * transfer threads, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface TransferListener {
    /** Ignores everything. */
    TransferListener NONE = (direction, blob, done, total) -> { };

    /** The direction of a transfer. */
    enum Direction { PULL, PUSH }

    /**
     * {@code done} of {@code total} bytes of {@code blob} moved ({@code total} is -1 when the
     * registry did not say). Called with {@code done == total} once a blob is complete, also when
     * it was skipped because the other side had it.
     */
    void progress(Direction direction, Digest blob, long done, long total);
}
