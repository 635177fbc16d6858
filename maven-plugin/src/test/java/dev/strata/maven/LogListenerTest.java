package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.api.BuildEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

class LogListenerTest {

    /** Maven's console log, keeping the info lines it would print. */
    private static final class KeptLog extends SystemStreamLog {
        final List<String> info = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            info.add(content.toString());
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }
    }

    private static List<String> progress(boolean terminal) {
        KeptLog log = new KeptLog();
        LogListener listener = new LogListener(log, terminal);
        long total = 100L << 20;
        for (long done = 0; done <= total; done += 1L << 20) {
            listener.onEvent(new BuildEvent.Progress(2, done, total));
        }
        return log.info;
    }

    @Test
    void inATerminalAPullShowsItsProgressEveryTenth() {
        List<String> lines = progress(true);
        assertEquals(11, lines.size(), lines.toString());
        assertEquals("#2 0.0 MiB / 100.0 MiB (0%)", lines.get(0));
        assertEquals("#2 10.0 MiB / 100.0 MiB (10%)", lines.get(1));
        assertEquals("#2 100.0 MiB / 100.0 MiB (100%)", lines.get(10));
    }

    @Test
    void inABatchLogProgressStaysQuiet() {
        assertEquals(List.of(), progress(false));
    }

    @Test
    void anUnknownSizeShowsEvery16MiB() {
        KeptLog log = new KeptLog();
        LogListener listener = new LogListener(log, true);
        for (long done = 1L << 20; done <= 40L << 20; done += 1L << 20) {
            listener.onEvent(new BuildEvent.Progress(3, done, -1));
        }
        assertEquals(List.of("#3 1.0 MiB", "#3 16.0 MiB", "#3 32.0 MiB"), log.info);
    }

    @Test
    void whereCredentialsCameFromIsOneInfoLine() {
        KeptLog log = new KeptLog();
        new LogListener(log, false).onEvent(new BuildEvent.CredentialsChosen("registry.example.com",
                "credential helper docker-credential-pass (credHelpers in /home/me/.docker/config.json)"));
        assertEquals(List.of("Credentials for registry.example.com: credential helper docker-credential-pass"
                + " (credHelpers in /home/me/.docker/config.json)"), log.info);
    }

    @Test
    void inATerminalAnExtractionShowsEachTenthAndItsEnd() {
        KeptLog log = new KeptLog();
        LogListener listener = new LogListener(log, true);
        String layer = "sha256:" + "ab".repeat(32);
        long size = 80L << 20;
        for (long read = 0; read < size; read += 8L << 20) {
            listener.onEvent(new BuildEvent.Extracting(4, layer, read, size));
        }
        listener.onEvent(new BuildEvent.Extracting(4, layer, size, size));
        assertEquals(11, log.info.size(), log.info.toString());
        assertEquals("#4 extracting " + layer + " 0.0 MiB / 80.0 MiB (0%)", log.info.get(0));
        assertEquals("#4 extracting " + layer + " 8.0 MiB / 80.0 MiB (10%)", log.info.get(1));
        assertEquals("#4 extracting " + layer + " 80.0 MiB done", log.info.get(10));

        KeptLog batch = new KeptLog();
        new LogListener(batch, false).onEvent(new BuildEvent.Extracting(4, layer, size, size));
        assertEquals(List.of(), batch.info, "in a batch log (CI) at debug, as pull and push progress");
    }
}
