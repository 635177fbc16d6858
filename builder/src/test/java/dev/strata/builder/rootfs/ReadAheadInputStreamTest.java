package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** A layer read ahead on another thread gives the reader the same bytes, failures and end. */
class ReadAheadInputStreamTest {
    @Test
    void theReaderGetsEveryByteInOrderWhateverItsReadSizes() throws IOException {
        byte[] data = new byte[3 * ReadAheadInputStream.CHUNK + 12_345];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), "test-read-ahead")) {
            Random sizes = new Random(8);
            byte[] buffer = new byte[70_000];
            for (int n; (n = in.read(buffer, 0, 1 + sizes.nextInt(buffer.length))) > 0; ) {
                got.write(buffer, 0, n);
                int single = in.read();
                if (single < 0) {
                    break;
                }
                got.write(single);
            }
            assertEquals(-1, in.read(), "the end stays the end");
        }
        assertArrayEquals(data, got.toByteArray());
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderAfterTheBytesBeforeIt() throws IOException {
        int good = ReadAheadInputStream.CHUNK + 100;
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served == good) {
                    throw new ZipException("invalid stored block lengths");
                }
                served++;
                return 'x';
            }
        };
        try (InputStream in = new ReadAheadInputStream(failing, "test-read-ahead")) {
            byte[] all = new byte[good];
            assertEquals(good, in.readNBytes(all, 0, good));
            ZipException e = assertThrows(ZipException.class, in::read);
            assertEquals("invalid stored block lengths", e.getMessage());
        }
    }

    @Test
    void closingEarlyStopsReadingAndClosesTheSource() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 1);
                return len;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        ReadAheadInputStream in = new ReadAheadInputStream(endless, "test-read-ahead");
        assertEquals(1, in.read());
        in.close();
        assertTrue(closed.get(), "the source is closed");
        assertThrows(IOException.class, in::read);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("test-read-ahead")),
                "the reading thread ended");
    }
}
