package dev.strata.maven;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildListener;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.plugin.logging.Log;

/**
 * Renders build events as Maven log lines, in BuildKit's plain-progress style
 * ({@code #3 [2/4] COPY app.jar /app/}, {@code #3 CACHED}). Step output and warnings at info and
 * warn; timings and byte counts at debug ({@code mvn -X}). Thread-safe: Maven's log is.
 */
final class LogListener implements BuildListener {
    private static final long UNKNOWN_TOTAL_STEP = 16L << 20;

    private final Log log;
    private final boolean terminal;
    /** Per step, the last progress mark shown at info (a tenth of the total, or 16 MiB). */
    private final Map<Integer, Long> shown = new ConcurrentHashMap<>();
    /** Per extraction ({@code step + " " + layer}), the last tenth shown at info. */
    private final Map<String, Long> extractionShown = new ConcurrentHashMap<>();

    /**
     * @param terminal whether a person watches (a console): then pulls, unpacks and pushes show
     *     their progress at info, every tenth (or 16 MiB when the size is unknown); in CI logs at debug
     */
    LogListener(Log log, boolean terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    @Override
    public void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.StepStarted s) {
            log.info("#" + s.step() + " " + position(s) + s.text());
        } else if (event instanceof BuildEvent.StepCached c) {
            log.info("#" + c.step() + " CACHED");
        } else if (event instanceof BuildEvent.LogLine l) {
            log.info("#" + l.step() + " " + l.line());
        } else if (event instanceof BuildEvent.Warning w) {
            log.warn(w.file().isEmpty() ? w.text() : w.file() + (w.line() > 0 ? ":" + w.line() : "") + ": " + w.text());
        } else if (event instanceof BuildEvent.CredentialsChosen c) {
            log.info("Credentials for " + c.registry() + ": " + c.source());
        } else if (event instanceof BuildEvent.StepDone d && log.isDebugEnabled()) {
            log.debug("#" + d.step() + " DONE " + String.format(Locale.ROOT, "%.1fs", d.seconds()));
        } else if (event instanceof BuildEvent.Progress p) {
            progress(p);
        } else if (event instanceof BuildEvent.Extracting x) {
            extracting(x);
        } else if (event instanceof BuildEvent.StepFailed f && log.isDebugEnabled()) {
            // The failure itself reaches the user once, as the goal's error message.
            log.debug("#" + f.step() + " ERROR " + f.message());
        }
    }

    private void progress(BuildEvent.Progress p) {
        if (log.isDebugEnabled()) {
            log.debug("#" + p.step() + " " + p.bytes() + (p.total() >= 0 ? "/" + p.total() : "") + " bytes");
            return;
        }
        if (!terminal) {
            return;
        }
        long mark = p.total() > 0 ? p.bytes() * 10 / p.total() : p.bytes() / UNKNOWN_TOTAL_STEP;
        Long previous = shown.get(p.step());
        if (previous != null && previous >= mark) {
            return;
        }
        shown.put(p.step(), mark);
        log.info("#" + p.step() + " " + mib(p.bytes()) + (p.total() > 0
                ? " / " + mib(p.total()) + " (" + p.bytes() * 100 / p.total() + "%)" : ""));
    }

    /** Each tenth of a layer's extraction once, then its end (BuildKit's {@code extracting sha256:... done}). */
    private void extracting(BuildEvent.Extracting x) {
        String line = "#" + x.step() + " extracting " + x.layer() + " " + (x.done() ? mib(x.size()) + " done"
                : mib(x.bytes()) + " / " + mib(x.size()) + " (" + x.bytes() * 100 / Math.max(1, x.size()) + "%)");
        if (log.isDebugEnabled()) {
            log.debug(line);
            return;
        }
        if (!terminal) {
            return;
        }
        String key = x.step() + " " + x.layer();
        if (x.done()) {
            extractionShown.remove(key);
            log.info(line);
            return;
        }
        long mark = x.bytes() * 10 / Math.max(1, x.size());
        Long previous = extractionShown.get(key);
        if (previous != null && previous >= mark) {
            return;
        }
        extractionShown.put(key, mark);
        log.info(line);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String position(BuildEvent.StepStarted s) {
        if (s.total() == 0) {
            return "[internal] ";
        }
        String stage = s.stage().isEmpty() ? "" : s.stage() + " ";
        return "[" + stage + s.index() + "/" + s.total() + "] ";
    }
}
