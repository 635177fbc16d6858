package dev.strata.maven;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildListener;
import java.util.Locale;
import org.apache.maven.plugin.logging.Log;

/**
 * Renders build events as Maven log lines, in BuildKit's plain-progress style
 * ({@code #3 [2/4] COPY app.jar /app/}, {@code #3 CACHED}). Step output and warnings at info and
 * warn; timings and byte counts at debug ({@code mvn -X}). Thread-safe: Maven's log is.
 */
final class LogListener implements BuildListener {
    private final Log log;

    LogListener(Log log) {
        this.log = log;
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
        } else if (event instanceof BuildEvent.StepDone d && log.isDebugEnabled()) {
            log.debug("#" + d.step() + " DONE " + String.format(Locale.ROOT, "%.1fs", d.seconds()));
        } else if (event instanceof BuildEvent.Progress p && log.isDebugEnabled()) {
            log.debug("#" + p.step() + " " + p.bytes() + (p.total() >= 0 ? "/" + p.total() : "") + " bytes");
        } else if (event instanceof BuildEvent.StepFailed f && log.isDebugEnabled()) {
            // The failure itself reaches the user once, as the goal's error message.
            log.debug("#" + f.step() + " ERROR " + f.message());
        }
    }

    private static String position(BuildEvent.StepStarted s) {
        if (s.total() == 0) {
            return "[internal] ";
        }
        String stage = s.stage().isEmpty() ? "" : s.stage() + " ";
        return "[" + stage + s.index() + "/" + s.total() + "] ";
    }
}
