package dev.strata.cli.progress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Draws one frame of the live view, BuildKit style, as lines no wider than the terminal:
 * <pre>
 * [+] Building 3.4s (3/4)
 *  => CACHED [1/3] FROM busybox                          0.0s
 *  => [2/3] RUN make                                     1.3s
 *  => => # cc -o app main.c
 *  => [3/3] COPY app /app                                0.2s
 *  => => [=========>          ] 1.05MB / 2.1MB
 * </pre>
 * Pure: the same state, time and size give the same lines.
 */
final class TtyFrame {
    private static final int BAR = 20;

    private TtyFrame() {}

    /**
     * @param height the terminal height; older finished steps are left out to fit, unless
     *     {@code finished} (the final frame shows every step)
     */
    static List<String> render(Collection<TtyStep> steps, long buildStart, long now, int width, int height,
            Ansi ansi, boolean finished) {
        List<List<String>> blocks = new ArrayList<>();
        int done = 0;
        for (TtyStep step : steps) {
            if (step.finished()) {
                done++;
            }
            blocks.add(block(step, now, width, ansi));
        }
        String header = String.format(Locale.ROOT, "[+] Building %.1fs (%d/%d)%s", (now - buildStart) / 1e9, done,
                steps.size(), finished ? " FINISHED" : "");
        List<String> lines = new ArrayList<>();
        lines.add(fit(header, width));
        int budget = finished ? Integer.MAX_VALUE : Math.max(1, height - 2);
        int used = blocks.stream().mapToInt(List::size).sum();
        int skip = 0;
        List<TtyStep> ordered = new ArrayList<>(steps);
        while (used > budget && skip < blocks.size() && ordered.get(skip).finished()) {
            used -= blocks.get(skip).size();
            skip++;
        }
        for (int i = skip; i < blocks.size(); i++) {
            lines.addAll(blocks.get(i));
        }
        return lines;
    }

    private static List<String> block(TtyStep step, long now, int width, Ansi ansi) {
        List<String> lines = new ArrayList<>();
        double seconds = switch (step.status) {
            case RUNNING -> (now - step.startNanos) / 1e9;
            case CACHED -> 0;
            default -> step.seconds;
        };
        String status = switch (step.status) {
            case CACHED -> "CACHED ";
            case ERROR -> "ERROR ";
            default -> "";
        };
        String time = Units.seconds(seconds);
        String left = fit(" => " + status + step.label, Math.max(0, width - time.length() - 1));
        String line = left + " ".repeat(Math.max(1, width - left.length() - time.length())) + time;
        lines.add(step.status == TtyStep.Status.RUNNING ? ansi.blue(line)
                : step.status == TtyStep.Status.ERROR ? ansi.red(line) : line);
        if (step.status == TtyStep.Status.RUNNING || step.status == TtyStep.Status.ERROR) {
            if (step.status == TtyStep.Status.RUNNING && step.bytes >= 0) {
                lines.add(fit(" => => " + (step.activity == null ? "" : step.activity + " ") + bar(step.bytes, step.total), width));
            }
            for (String log : step.logs) {
                lines.add(ansi.dim(fit(" => => # " + log, width)));
            }
        }
        return lines;
    }

    /** {@code [=====>     ] 1.05MB / 2.1MB}, or just the size when the total is unknown. */
    static String bar(long bytes, long total) {
        if (total <= 0) {
            return Units.size(bytes);
        }
        int filled = (int) Math.min(BAR, bytes * BAR / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled == BAR ? "=" : ">") : "")
                + " ".repeat(BAR - filled);
        return "[" + bar + "] " + Units.size(bytes) + " / " + Units.size(total);
    }

    /** Cuts a line to the width, tabs and control characters made visible-safe. */
    static String fit(String s, int width) {
        String clean = s.replace('\t', ' ').replaceAll("\\p{Cntrl}", "");
        return clean.length() <= width ? clean : clean.substring(0, Math.max(0, width));
    }
}
