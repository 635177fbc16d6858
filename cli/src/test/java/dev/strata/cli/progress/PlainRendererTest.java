package dev.strata.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlainRendererTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final StringWriter text = new StringWriter();
    private final PlainRenderer renderer = new PlainRenderer(new PrintWriter(text), clock::get);

    private void advanceMillis(long millis) {
        clock.addAndGet(millis * 1_000_000L);
    }

    @Test
    void buildKitLinesWithBlankLinesBetweenSteps() {
        renderer.stepStarted(1, "", 0, 0, "[internal] load build definition from Dockerfile");
        renderer.stepDone(1, 0.01);
        renderer.stepStarted(2, "build", 1, 3, "FROM busybox");
        renderer.stepCached(2);
        renderer.stepStarted(3, "build", 2, 3, "RUN make");
        advanceMillis(123);
        renderer.log(3, "cc -o app main.c");
        advanceMillis(1100);
        renderer.stepDone(3, 1.25);
        renderer.stepStarted(4, "", 10, 12, "COPY --from=build /app /app");
        renderer.stepFailed(4, "failed to compute cache key: \"/app\" not found");
        renderer.close();
        assertEquals("""
                #1 [internal] load build definition from Dockerfile
                #1 DONE 0.0s

                #2 [build 1/3] FROM busybox
                #2 CACHED

                #3 [build 2/3] RUN make
                #3 0.123 cc -o app main.c
                #3 DONE 1.3s

                #4 [10/12] COPY --from=build /app /app
                #4 ERROR: failed to compute cache key: "/app" not found
                """, text.toString());
    }

    @Test
    void interleavedStepsRepeatTheirNumber() {
        renderer.stepStarted(5, "a", 1, 2, "RUN one");
        renderer.stepStarted(6, "b", 1, 2, "run two");
        renderer.log(5, "from one");
        renderer.log(6, "from two");
        renderer.close();
        assertEquals("""
                #5 [a 1/2] RUN one

                #6 [b 1/2] run two

                #5 0.000 from one

                #6 0.000 from two
                """, text.toString());
    }

    @Test
    void notesOfOtherStepsHaveNoTimestamp() {
        renderer.stepStarted(9, "", 0, 0, "exporting to image");
        advanceMillis(50);
        renderer.log(9, "naming to docker.io/library/app:1 done");
        renderer.close();
        assertEquals("""
                #9 exporting to image
                #9 naming to docker.io/library/app:1 done
                """, text.toString());
    }

    @Test
    void byteProgressAtMostOncePerSecondAndWhenComplete() {
        renderer.stepStarted(7, "", 0, 0, "exporting layers");
        renderer.progress(7, 1_000, 2_100_000);
        advanceMillis(300);
        renderer.progress(7, 500_000, 2_100_000);
        advanceMillis(800);
        renderer.progress(7, 1_048_576, 2_100_000);
        renderer.progress(7, 2_100_000, 2_100_000);
        renderer.progress(7, 92, -1);
        renderer.close();
        assertEquals("""
                #7 exporting layers
                #7 1kB / 2.1MB 0.0s
                #7 1.049MB / 2.1MB 1.1s
                #7 2.1MB / 2.1MB 1.1s done
                """, text.toString());
    }

    @Test
    void warningsComeLastInDockerfileLineFormat() {
        renderer.warning("Dockerfile", 3, "FromAsCasing: 'as' and 'FROM' keywords' casing do not match");
        renderer.stepStarted(1, "", 1, 1, "FROM scratch");
        renderer.stepDone(1, 0);
        renderer.warning("", 0, "build arg FOO was not used");
        renderer.close();
        renderer.close();
        assertEquals("""
                #1 [1/1] FROM scratch
                #1 DONE 0.0s

                Dockerfile:3: WARN FromAsCasing: 'as' and 'FROM' keywords' casing do not match
                WARN: build arg FOO was not used
                """, text.toString());
    }

    @Test
    void anExtractionIsOneDoneLineUnlessItTakesSeconds() {
        String small = "sha256:" + "a".repeat(64);
        String big = "sha256:" + "b".repeat(64);
        renderer.stepStarted(3, "", 2, 2, "RUN make");
        renderer.extracting(3, small, 0, 1_000_000);
        advanceMillis(200);
        renderer.extracting(3, small, 1_000_000, 1_000_000);
        renderer.extracting(3, big, 0, 50_000_000);
        advanceMillis(600);
        renderer.extracting(3, big, 8_388_608, 50_000_000);
        advanceMillis(500);
        renderer.extracting(3, big, 16_777_216, 50_000_000);
        advanceMillis(1400);
        renderer.extracting(3, big, 50_000_000, 50_000_000);
        renderer.close();
        assertEquals("#3 [2/2] RUN make\n"
                + "#3 extracting " + small + " 0.2s done\n"
                + "#3 extracting " + big + " 16.78MB / 50MB 1.1s\n"
                + "#3 extracting " + big + " 2.5s done\n", text.toString());
    }
}
