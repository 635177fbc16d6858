package dev.strata.builder.layer;

import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A layer's tar while {@link LayerWriter} writes it, for one reader that follows the writer
 * (see {@link LayerCompressor#follow}): the writer tells how many bytes are in the file so far,
 * then the diff ID once the blob is committed, or that the write failed. The reader reads the
 * file through its own channel, so the writer never waits for it (the tar's step finishes at
 * the speed of the tar, the compression catches up). Thread-safe.
 */
public final class GrowingTar {
    private final FileChannel channel;
    private final List<Consumer<Digest>> onFinish = new ArrayList<>();
    private long available;
    private Digest diffId;
    private Throwable failure;

    GrowingTar(FileChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** Reads the tar's bytes (positional reads only); the reader closes it. */
    FileChannel channel() {
        return channel;
    }

    synchronized void advance(long count) {
        available = Math.max(available, count);
        notifyAll();
    }

    /** The tar is complete and committed as {@code diffId}; runs the finish actions on this (the writer's) thread. */
    void finish(Digest diffId) {
        List<Consumer<Digest>> actions;
        synchronized (this) {
            this.diffId = diffId;
            actions = List.copyOf(onFinish);
            notifyAll();
        }
        actions.forEach(action -> action.accept(diffId));
    }

    synchronized void fail(Throwable cause) {
        if (diffId == null && failure == null) {
            failure = cause;
            notifyAll();
        }
    }

    /** Runs {@code action} with the diff ID when the writer finishes (before its write returns). */
    synchronized void onFinish(Consumer<Digest> action) {
        onFinish.add(action);
    }

    /**
     * Waits until bytes beyond {@code position} are in the file and returns how many there are,
     * or returns -1 when {@code position} is the end of the finished tar. Throws when the write
     * failed (the tar will never be complete).
     */
    synchronized long awaitBeyond(long position) throws IOException {
        while (true) {
            if (failure != null) {
                throw new IOException("the layer write failed: " + failure.getMessage(), failure);
            }
            if (available > position) {
                return available;
            }
            if (diffId != null) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while following a layer write");
            }
        }
    }

    /** The diff ID; only after {@link #awaitBeyond} returned -1. */
    synchronized Digest diffId() {
        return Objects.requireNonNull(diffId, "the tar is not finished");
    }
}
