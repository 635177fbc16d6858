package dev.strata.cli.progress;

/**
 * Shows a build's progress. The calls mirror the builder's events (one call per event, see
 * {@link BuildEventRenderer}); implementations are thread-safe because stages run in parallel.
 */
public interface Renderer extends AutoCloseable {

    /**
     * A step starts.
     *
     * @param stage the stage name, empty for a single-stage build or internal work
     * @param index 1-based position in the stage; 0 with {@code total == 0} for internal work
     */
    void stepStarted(int step, String stage, int index, int total, String text);

    void stepCached(int step);

    void stepDone(int step, double seconds);

    void stepFailed(int step, String message);

    /** One line of a step's output (a RUN's stdout or stderr). */
    void log(int step, String line);

    /** Bytes a step has moved so far; {@code total} is -1 when unknown. */
    void progress(int step, long bytes, long total);

    /**
     * A layer being extracted for a step ({@code bytes == 0} first, {@code bytes == size} last;
     * the builder bounds how often this comes).
     *
     * @param layer its digest, {@code sha256:...}
     */
    void extracting(int step, String layer, long bytes, long size);

    /**
     * A warning, shown as {@code Dockerfile:N: WARN text}.
     *
     * @param file empty for a warning about the request; then {@code line} is 0
     */
    void warning(String file, int line, String text);

    /** The build ended: draw the final view and stop any refreshing. Idempotent. */
    @Override
    void close();
}
