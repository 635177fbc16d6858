package dev.strata.builder.exec;

import dev.strata.builder.rootfs.Trees;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.rootfs.LayerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A successful RUN: its changes as layer entries, read from {@link #diffDir()} (overlay form).
 * Write the layer first, then either {@link #adopt} the diff directory into the layer store (it
 * becomes the next step's lower directory, no re-extraction) or {@link #close()} to delete it.
 * Not thread-safe.
 */
public final class RunOutcome implements AutoCloseable {
    private final Path diffDir;
    private final List<LayerEntry> changes;
    private final Duration elapsed;
    private final boolean overlay;
    private boolean adopted;

    RunOutcome(Path diffDir, List<LayerEntry> changes, Duration elapsed, boolean overlay) {
        this.diffDir = diffDir;
        this.changes = List.copyOf(changes);
        this.elapsed = elapsed;
        this.overlay = overlay;
    }

    /** The step's diff directory: whiteouts as 0:0 character devices, opaque directories marked. */
    public Path diffDir() {
        return diffDir;
    }

    /** What the command changed, in layer-entry form (regular files' content is read from {@link #diffDir()}). */
    public List<LayerEntry> changes() {
        return changes;
    }

    /** How long the whole step took (set-up, command, capture). */
    public Duration elapsed() {
        return elapsed;
    }

    /** Whether overlayfs captured the change (false: the slower copy-and-compare fallback). */
    public boolean overlay() {
        return overlay;
    }

    /**
     * Moves the diff directory into {@code store} as the extracted form of layer {@code
     * diffIdHex} (the diff ID of the layer written from {@link #changes()}); returns its new place.
     */
    public Path adopt(LayerStore store, String diffIdHex) throws IOException {
        Path target = store.adopt(diffDir, diffIdHex);
        adopted = Files.notExists(diffDir);
        return target;
    }

    /**
     * Gives every changed entry of the diff directory the mtime its layer blob carries (whole
     * seconds, clamped down to {@code epoch}), so that once adopted the next step sees what
     * extracting the blob gives on any machine, not the times the command left.
     */
    public void clampTimes(Instant epoch) throws IOException {
        long max = epoch.getEpochSecond();
        for (LayerEntry entry : changes) {
            if (entry instanceof LayerEntry.Whiteout || entry instanceof LayerEntry.OpaqueWhiteout) {
                continue;
            }
            long seconds = Math.max(0, Math.min(entry.attributes().mtime().getEpochSecond(), max));
            Path path = entry.path().isEmpty() ? diffDir : diffDir.resolve(entry.path());
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(Instant.ofEpochSecond(seconds)), null, null);
        }
    }

    /** Deletes the step's temporary directory, with the diff directory unless it was adopted. */
    @Override
    public void close() throws IOException {
        Trees.delete(diffDir.getParent());
    }

    /** Whether {@link #adopt} moved the diff directory into the layer store. */
    public boolean adopted() {
        return adopted;
    }
}
