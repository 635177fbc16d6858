package dev.strata.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live view at a fixed 60x12 terminal, without colour unless a test asks for it. */
class TtyRendererTest {
    private final AtomicLong clock = new AtomicLong(0);
    private final StringWriter text = new StringWriter();

    private TtyRenderer renderer(boolean color) {
        return new TtyRenderer(new PrintWriter(text), clock::get, new TerminalSize(60, 12), color, false);
    }

    /** A step line: text left, time right, 60 columns. */
    private static String row(String left, String time) {
        return left + " ".repeat(60 - left.length() - time.length()) + time;
    }

    private void advanceMillis(long millis) {
        clock.addAndGet(millis * 1_000_000L);
    }

    @Test
    void oneLinePerStepWithTimersCachedDoneAndRunOutput() {
        TtyRenderer r = renderer(false);
        r.stepStarted(1, "", 1, 3, "FROM docker.io/library/busybox:latest");
        r.stepCached(1);
        r.stepStarted(2, "", 2, 3, "RUN for i in 1 2 3 4 5 6 7 8; do echo line $i; done");
        for (int i = 1; i <= 8; i++) {
            r.log(2, "line " + i);
        }
        advanceMillis(2345);
        assertEquals(List.of(
                "[+] Building 2.3s (1/2)",
                row(" => CACHED [1/3] FROM docker.io/library/busybox:latest", "0.0s"),
                row(" => [2/3] RUN for i in 1 2 3 4 5 6 7 8; do echo line $i", "2.3s"),
                " => => # line 3",
                " => => # line 4",
                " => => # line 5",
                " => => # line 6",
                " => => # line 7",
                " => => # line 8"), r.frame(false));
        r.stepDone(2, 2.4);
        r.stepStarted(3, "", 3, 3, "COPY app /app");
        r.progress(3, 1_048_576, 2_100_000);
        advanceMillis(100);
        assertEquals(List.of(
                "[+] Building 2.4s (2/3)",
                row(" => CACHED [1/3] FROM docker.io/library/busybox:latest", "0.0s"),
                row(" => [2/3] RUN for i in 1 2 3 4 5 6 7 8; do echo line $i", "2.4s"),
                row(" => [3/3] COPY app /app", "0.1s"),
                " => => [========>           ] 1.049MB / 2.1MB"), r.frame(false));
        r.stepDone(3, 0.1);
        assertEquals("[+] Building 2.4s (3/3) FINISHED", r.frame(true).get(0));
    }

    @Test
    void failedStepKeepsItsOutputAndTheErrorInRed() {
        TtyRenderer r = renderer(true);
        r.stepStarted(1, "build", 1, 1, "RUN exit 3");
        r.log(1, "about to fail");
        advanceMillis(500);
        r.stepFailed(1, "exit code: 3");
        List<String> frame = r.frame(true);
        assertEquals("\033[31m" + row(" => ERROR [build 1/1] RUN exit 3", "0.5s") + "\033[0m", frame.get(1));
        assertEquals("\033[2m => => # about to fail\033[0m", frame.get(2));
        assertEquals("\033[2m => => # ERROR: exit code: 3\033[0m", frame.get(3));
    }

    @Test
    void noColorMeansNoEscapeCodesInLines() {
        TtyRenderer r = renderer(false);
        r.stepStarted(1, "", 1, 1, "RUN sleep 1");
        r.log(1, "tick");
        for (String line : r.frame(false)) {
            assertTrue(!line.contains("\033"), line);
        }
    }

    @Test
    void linesNeverExceedTheWidthAndOldFinishedStepsMakeRoom() {
        TtyRenderer r = renderer(false);
        for (int i = 1; i <= 15; i++) {
            r.stepStarted(i, "stage-with-a-long-name", i, 15, "RUN echo " + "x".repeat(80));
            if (i < 15) {
                r.stepDone(i, 0.2);
            }
        }
        r.log(15, "y".repeat(100));
        List<String> live = r.frame(false);
        assertTrue(live.size() <= 12, "fits 12 rows: " + live.size());
        assertTrue(live.get(live.size() - 1).startsWith(" => => # yyy"));
        live.forEach(line -> assertTrue(line.length() <= 60, line));
        assertEquals(17, r.frame(true).size(), "the final frame shows every step and the running one's output");
        assertEquals(row(" => [stage-with-a-long-name  1/15] RUN echo xxxxxxxxxxx", "0.2s"), r.frame(true).get(1));
    }

    @Test
    void aBuildWithoutStepsLeavesNoFrame() {
        TtyRenderer r = renderer(false);
        r.warning("Dockerfile", 2, "JSONArgsRecommended: JSON arguments recommended for CMD");
        r.close();
        assertEquals("\033[JDockerfile:2: WARN JSONArgsRecommended: JSON arguments recommended for CMD\n",
                text.toString());
    }

    @Test
    void closeDrawsTheFinalFrameInPlaceThenWarnings() {
        TtyRenderer r = renderer(false);
        r.stepStarted(1, "", 1, 1, "FROM scratch");
        r.stepDone(1, 0);
        r.warning("Dockerfile", 1, "JSONArgsRecommended: JSON arguments recommended for CMD");
        r.close();
        r.close();
        assertEquals("[+] Building 0.0s (1/1) FINISHED\033[K\n"
                + row(" => [1/1] FROM scratch", "0.0s") + "\033[K\n"
                + "\033[J"
                + "Dockerfile:1: WARN JSONArgsRecommended: JSON arguments recommended for CMD\n", text.toString());
    }

    @Test
    void anExtractionShowsItsLayerAndBarUntilItEnds() {
        TtyRenderer r = renderer(false);
        r.stepStarted(2, "", 2, 2, "RUN make");
        String layer = "sha256:" + "0123456789ab".repeat(5) + "cdef";
        r.extracting(2, layer, 1_000_000, 4_000_000);
        assertEquals(" => => extracting sha256:0123456789ab [====>               ]", r.frame(false).get(2),
                "cut to the 60 columns");
        r.extracting(2, layer, 4_000_000, 4_000_000);
        assertEquals(2, r.frame(false).size(), "no bar once the layer is in place: " + r.frame(false));
    }
}
