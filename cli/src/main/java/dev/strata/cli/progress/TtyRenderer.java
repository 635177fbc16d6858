package dev.strata.cli.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live view of {@code --progress=tty}: the frame of {@link TtyFrame} redrawn in place
 * (cursor up, clear below) about eight times a second while steps run, then once more,
 * complete, when the build ends; warnings follow it. Thread-safe.
 */
public final class TtyRenderer implements Renderer {
    private static final long REFRESH_MILLIS = 125;

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final TerminalSize size;
    private final Ansi ansi;
    private final long buildStart;
    private final Map<Integer, TtyStep> steps = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private int drawnLines;
    private boolean closed;

    /**
     * @param refresh whether to redraw on a timer thread; off in tests, which call {@link #frame}
     */
    public TtyRenderer(PrintWriter out, LongSupplier nanoTime, TerminalSize size, boolean color, boolean refresh) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.size = size;
        this.ansi = new Ansi(color);
        this.buildStart = nanoTime.getAsLong();
        if (refresh) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "strata-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void stepStarted(int step, String stage, int index, int total, String text) {
        steps.put(step, new TtyStep(step, Units.stepPrefix(stage, index, total) + text, nanoTime.getAsLong()));
    }

    @Override
    public synchronized void stepCached(int step) {
        step(step).status = TtyStep.Status.CACHED;
    }

    @Override
    public synchronized void stepDone(int step, double seconds) {
        TtyStep s = step(step);
        s.status = TtyStep.Status.DONE;
        s.seconds = seconds;
    }

    @Override
    public synchronized void stepFailed(int step, String message) {
        TtyStep s = step(step);
        s.status = TtyStep.Status.ERROR;
        s.seconds = (nanoTime.getAsLong() - s.startNanos) / 1e9;
        s.log("ERROR: " + message);
    }

    @Override
    public synchronized void log(int step, String line) {
        if (step == 0 && !steps.containsKey(0)) {
            // #0 is no step: a note about the whole build (RUN isolation), shown as one finished line
            TtyStep note = new TtyStep(0, line, nanoTime.getAsLong());
            note.status = TtyStep.Status.DONE;
            steps.put(0, note);
            return;
        }
        step(step).log(line);
    }

    @Override
    public synchronized void progress(int step, long bytes, long total) {
        TtyStep s = step(step);
        s.bytes = bytes;
        s.total = total;
        s.activity = null;
    }

    @Override
    public synchronized void extracting(int step, String layer, long bytes, long size) {
        TtyStep s = steps.get(step);
        if (s == null) {
            return; // step 0 (a RUN --mount's source): no line of its own that would never finish
        }
        boolean done = bytes >= size;
        s.bytes = done ? -1 : bytes;
        s.total = done ? -1 : size;
        s.activity = done ? null : "extracting " + layer.substring(0, Math.min(layer.length(), "sha256:".length() + 12));
    }

    @Override
    public synchronized void warning(String file, int line, String text) {
        warnings.add(WarningLine.format(file, line, text));
    }

    /** The lines the view shows now. */
    public synchronized List<String> frame(boolean finished) {
        return TtyFrame.render(steps.values(), buildStart, nanoTime.getAsLong(), size.width(), size.height(), ansi,
                finished);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // a build that failed before its first step leaves no empty frame behind
            draw(steps.isEmpty() ? List.of() : frame(true));
            warnings.forEach(w -> out.println(ansi.yellow(w)));
            out.flush();
        }
    }

    private synchronized void redraw() {
        if (!closed) {
            draw(frame(false));
        }
    }

    private void draw(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append('\r').append(Ansi.up(drawnLines));
        }
        for (String line : lines) {
            sb.append(line).append(Ansi.CLEAR_LINE).append('\n');
        }
        sb.append(Ansi.CLEAR_BELOW);
        out.print(sb);
        out.flush();
        drawnLines = lines.size();
    }

    /** Events for a step the view has not seen start (should not happen) create it. */
    private TtyStep step(int id) {
        return steps.computeIfAbsent(id, i -> new TtyStep(i, "#" + i, nanoTime.getAsLong()));
    }
}
