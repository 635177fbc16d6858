package dev.strata.cli.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * BuildKit's {@code --progress=plain} lines:
 * <pre>
 * #3 [build 2/4] RUN make
 * #3 0.412 cc -o app main.c
 * #3 DONE 1.3s
 *
 * #4 [build 3/4] COPY app /app
 * #4 CACHED
 * </pre>
 * A blank line separates blocks when the output moves to another step; the output of a RUN
 * carries the seconds since its step started, other steps' lines (notes such as
 * {@code writing image sha256:... done}) do not, as in BuildKit. Byte progress prints at most once a second per step;
 * a layer extraction as BuildKit's {@code #5 extracting sha256:... 0.3s done}, with its bytes once a second while a
 * big one runs.
 * Warnings are printed when the build ends. Thread-safe.
 */
public final class PlainRenderer implements Renderer {
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final Map<Integer, Long> started = new HashMap<>();
    private final Map<Integer, Long> progressPrinted = new HashMap<>();
    /** Per step and layer ({@code step + " " + digest}): when its extraction started, when a line was last printed. */
    private final Map<String, long[]> extractions = new HashMap<>();
    private final java.util.Set<Integer> runSteps = new java.util.HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private int lastStep = -1;
    private boolean closed;

    /** @param nanoTime the clock ({@code System::nanoTime}; a fixed one in tests) */
    public PlainRenderer(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void stepStarted(int step, String stage, int index, int total, String text) {
        started.put(step, nanoTime.getAsLong());
        if (text.regionMatches(true, 0, "RUN ", 0, 4)) {
            runSteps.add(step);
        }
        line(step, Units.stepPrefix(stage, index, total) + text);
    }

    @Override
    public synchronized void stepCached(int step) {
        line(step, "CACHED");
    }

    @Override
    public synchronized void stepDone(int step, double seconds) {
        line(step, "DONE " + Units.seconds(seconds));
    }

    @Override
    public synchronized void stepFailed(int step, String message) {
        line(step, "ERROR: " + message);
    }

    @Override
    public synchronized void log(int step, String text) {
        line(step, runSteps.contains(step) ? String.format(Locale.ROOT, "%.3f ", elapsed(step)) + text : text);
    }

    @Override
    public synchronized void progress(int step, long bytes, long total) {
        long now = nanoTime.getAsLong();
        Long last = progressPrinted.get(step);
        boolean complete = total >= 0 && bytes >= total;
        if (!complete && last != null && now - last < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        progressPrinted.put(step, now);
        String amount = total >= 0 ? Units.size(bytes) + " / " + Units.size(total) : Units.size(bytes);
        line(step, amount + " " + Units.seconds(elapsed(step)) + (complete ? " done" : ""));
    }

    @Override
    public synchronized void extracting(int step, String layer, long bytes, long size) {
        long now = nanoTime.getAsLong();
        String key = step + " " + layer;
        long[] times = extractions.computeIfAbsent(key, k -> new long[] {now, now});
        boolean done = bytes >= size;
        if (done) {
            extractions.remove(key);
            line(step, "extracting " + layer + " " + Units.seconds((now - times[0]) / 1e9) + " done");
        } else if (now - times[1] >= PROGRESS_INTERVAL_NANOS) {
            times[1] = now;
            line(step, "extracting " + layer + " " + Units.size(bytes) + " / " + Units.size(size) + " "
                    + Units.seconds((now - times[0]) / 1e9));
        }
    }

    @Override
    public synchronized void warning(String file, int line, String text) {
        warnings.add(WarningLine.format(file, line, text));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!warnings.isEmpty()) {
            if (lastStep >= 0) {
                out.println();
            }
            warnings.forEach(out::println);
        }
        out.flush();
    }

    private double elapsed(int step) {
        Long start = started.get(step);
        return start == null ? 0 : (nanoTime.getAsLong() - start) / 1e9;
    }

    private void line(int step, String text) {
        if (lastStep >= 0 && lastStep != step) {
            out.println();
        }
        lastStep = step;
        out.println("#" + step + " " + text);
        out.flush();
    }
}
