package dev.strata.builder.rootfs;

/**
 * Hears how far the extraction of a layer blob has read: {@code (0, size)} when it starts, then at
 * most every {@link ProgressInputStream#STEP_BYTES} or second, and {@code (size, size)} when the layer
 * is in place. Called on the extracting thread, or on the thread that reads the blob ahead of it.
 */
@FunctionalInterface
public interface ExtractionProgress {
    ExtractionProgress NONE = (bytes, size) -> {};

    void read(long bytes, long size);
}
