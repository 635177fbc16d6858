package dev.strata.builder.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferWatchTest {

    /** An endless stream that counts what was taken from it. */
    private static final class Endless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }

    @Test
    void anEndlessStreamIsCutJustAfterTheDeclaredSize() {
        Endless endless = new Endless();
        TransferWatch watch = new TransferWatch(1 << 20, "the declared size", new Stall(Duration.ofHours(1), 0));
        TransferLimitException e = assertThrows(TransferLimitException.class,
                () -> watch.watch(endless).transferTo(OutputStream.nullOutputStream()));
        assertEquals("more than the declared size (1048576 bytes) was sent", e.getMessage());
        assertTrue(endless.served <= (1 << 20) + 16384, "read " + endless.served + " bytes");
    }

    @Test
    void aTrickleIsAStallAndSteadyProgressIsNot() throws IOException {
        AtomicLong now = new AtomicLong();
        Stall stall = new Stall(Duration.ofSeconds(60), 1024);
        TransferWatch steady = new TransferWatch(TransferWatch.UNLIMITED, "", stall, () -> { }, now::get);
        for (int i = 0; i < 100; i++) {
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            steady.add(4096);
        }
        TransferWatch trickle = new TransferWatch(TransferWatch.UNLIMITED, "", stall, () -> { }, now::get);
        TransferStalledException e = assertThrows(TransferStalledException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                trickle.add(10);
            }
        });
        assertEquals("stalled: less than 1024 bytes in 60s (600 bytes received)", e.getMessage());
    }
}
