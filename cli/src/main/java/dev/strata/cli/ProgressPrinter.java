package dev.strata.cli;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders build events as BuildKit's plain progress: {@code #3 [build 2/4] COPY . /src}, then
 * {@code #3 CACHED} or {@code #3 DONE 0.4s}. Thread-safe: stages may report concurrently.
 */
final class ProgressPrinter implements BuildListener {
    private final PrintWriter err;
    private final boolean steps;

    /** @param steps false for {@code --progress=quiet}: only warnings are printed */
    ProgressPrinter(PrintWriter err, boolean steps) {
        this.err = err;
        this.steps = steps;
    }

    @Override
    public synchronized void onEvent(BuildEvent event) {
        String line = render(event);
        if (line != null) {
            err.println(line);
            err.flush();
        }
    }

    private String render(BuildEvent event) {
        if (event instanceof BuildEvent.Warning w) {
            String where = w.file().isEmpty() ? "" : w.line() > 0 ? w.file() + ":" + w.line() + ": " : w.file() + ": ";
            return "WARNING: " + where + w.text();
        }
        if (!steps) {
            return null;
        }
        if (event instanceof BuildEvent.StepStarted s) {
            return "#" + s.step() + " " + prefix(s) + s.text();
        } else if (event instanceof BuildEvent.StepCached c) {
            return "#" + c.step() + " CACHED";
        } else if (event instanceof BuildEvent.StepDone d) {
            return "#" + d.step() + " DONE " + String.format(Locale.ROOT, "%.1fs", d.seconds());
        } else if (event instanceof BuildEvent.StepFailed f) {
            return "#" + f.step() + " ERROR: " + f.message();
        } else if (event instanceof BuildEvent.LogLine l) {
            return "#" + l.step() + " " + l.line();
        }
        return null;
    }

    /** {@code [stage i/k] } with the index padded to the width of k, as BuildKit pads it. */
    static String prefix(BuildEvent.StepStarted s) {
        if (s.total() == 0) {
            return "";
        }
        int width = Integer.toString(s.total()).length();
        String index = String.format(Locale.ROOT, "%" + width + "d", s.index());
        return "[" + (s.stage().isEmpty() ? "" : s.stage() + " ") + index + "/" + s.total() + "] ";
    }
}
