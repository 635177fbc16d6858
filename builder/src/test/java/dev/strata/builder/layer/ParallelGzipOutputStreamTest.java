package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.testing.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
    @TempDir
    Path tmp;

    /** Half random, half repetitive text: both code paths of deflate, references across blocks. */
    static byte[] data(int size) {
        byte[] data = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            data[i] = (i / 4096) % 2 == 0 ? (byte) random.nextInt() : (byte) ("the quick brown fox ".charAt(i % 20));
        }
        return data;
    }

    static byte[] gzip(byte[] data, int threads, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, Deflater.DEFAULT_COMPRESSION, threads)) {
            for (int off = 0; off < data.length; off += chunk) {
                gz.write(data, off, Math.min(chunk, data.length - off));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.BLOCK, ParallelGzipOutputStream.BLOCK + 1, 5 * ParallelGzipOutputStream.BLOCK + 12345})
    void decompressesToTheInputAndIsTheSameForAnyThreadCountOrWriteSize(int size) throws Exception {
        byte[] data = data(size);
        byte[] one = gzip(data, 1, 8192);
        byte[] three = gzip(data, 3, 777_777);
        assertArrayEquals(one, three);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, java.util.Arrays.copyOf(one, 10));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(one))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        Path file = tmp.resolve("x.gz");
        Files.write(file, one);
        assertEquals("", Command.ok("gzip", "-t", file.toString()));
        assertEquals(size, Long.parseLong(Command.ok("sh", "-c", "gzip -dc " + file + " | wc -c").trim()));
    }
}
