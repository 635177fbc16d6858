package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.testing.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
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
        return gzip(data, threads, chunk, Deflater.DEFAULT_COMPRESSION);
    }

    static byte[] gzip(byte[] data, int threads, int chunk, int level) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, threads)) {
            for (int off = 0; off < data.length; off += chunk) {
                gz.write(data, off, Math.min(chunk, data.length - off));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.BLOCK, ParallelGzipOutputStream.BLOCK + 1, 5 * ParallelGzipOutputStream.BLOCK + 12345})
    void decompressesToTheInputAndIsTheSameForAnyThreadCountOrWriteSize(int size) throws Exception {
        byte[] data = mixed(size);
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

    /** Switching to level 0 and back works from every level a user can ask for (BuildKit's compression-level). */
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 9})
    void storedStretchesWorkAtEveryLevel(int level) throws Exception {
        byte[] mixed = mixed(6 * ParallelGzipOutputStream.BLOCK + 4321);
        byte[] tar = tarOfRandomFiles();
        byte[] data = java.util.Arrays.copyOf(mixed, mixed.length + tar.length);
        System.arraycopy(tar, 0, data, mixed.length, tar.length);
        byte[] one = gzip(data, 1, 65536, level);
        assertArrayEquals(one, gzip(data, 2, 333_333, level));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(one))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        Path file = tmp.resolve("level" + level + ".gz");
        Files.write(file, one);
        assertEquals("", Command.ok("gzip", "-t", file.toString()));
    }

    /**
     * The bytes are pinned: a layer's digest is the digest of these bytes, so any change to the
     * blocking, the dictionary, the flushes or the header and trailer would change every pushed
     * layer's digest. (The value was produced by the first version of this stream.)
     */
    @Test
    void theBytesDoNotChange() throws Exception {
        byte[] gzip = gzip(data(5 * ParallelGzipOutputStream.BLOCK + 12345), 2, 65536);
        assertEquals("sha256:8aae44d96f268331043bbe21a8e2375d7acc6bc624270bb45ad32d73741f25d6", dev.strata.builder.hash.Digest.ofBytes(gzip).toString());
    }

    /** Random blocks among ordinary ones (whose random runs are too short to be stored): blocks 1, 2 and 4 of 6. */
    static byte[] mixed(int size) {
        byte[] data = data(size);
        Random random = new Random(-size);
        for (int b : new int[] {1, 2, 4}) {
            for (int i = b * ParallelGzipOutputStream.BLOCK; i < Math.min(size, (b + 1) * ParallelGzipOutputStream.BLOCK); i++) {
                data[i] = (byte) random.nextInt();
            }
        }
        return data;
    }

    /**
     * Random bytes are stored, not searched: the output is the input plus a few bytes of framing
     * per 64 KiB, which zlib's own search gives per 16 KiB, and it is pinned too.
     */
    @Test
    void randomBlocksAreStoredAndTheirBytesDoNotChangeEither() throws Exception {
        byte[] data = new byte[4 * ParallelGzipOutputStream.BLOCK + 999];
        new Random(42).nextBytes(data);
        byte[] gzip = gzip(data, 2, 65536);
        // level 0 stores 64 KiB per deflate block (5 bytes of framing); zlib's level 6 search, 16 KiB
        assertEquals(true, gzip.length < data.length + data.length / 8192, "stored blocks cost ~5 bytes per 64 KiB: " + gzip.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals("sha256:b7757e7f5b6ca2952ea1920fc2ef733d913f9e975d4d4ca729c336a7b8e6ce8b", dev.strata.builder.hash.Digest.ofBytes(gzip).toString());
    }

    /**
     * A layer of random files: the bodies are stored, the tar headers between them still deflated,
     * so the layer is no bigger than zlib's level 6 makes it on its own (within 0.5 %).
     */
    /** A tar-like run of 300 random 20 KiB files, each after a 512-byte header of mostly zeros. */
    static byte[] tarOfRandomFiles() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Random random = new Random(99);
        for (int f = 0; f < 300; f++) {
            byte[] header = new byte[512];
            byte[] name = ("data/d1/f" + f).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, header, 0, name.length);
            System.arraycopy("0000644\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, header, 100, 8);
            tar.write(header);
            byte[] body = new byte[20_480];
            random.nextBytes(body);
            tar.write(body);
        }
        tar.write(new byte[1024]);
        return tar.toByteArray();
    }

    @Test
    void aTarOfRandomFilesIsAsSmallAsZlibMakesIt() throws Exception {
        byte[] data = tarOfRandomFiles();
        int level6 = RawStretchesTest.deflatedSize(data, Deflater.DEFAULT_COMPRESSION);
        byte[] gzip = gzip(data, 2, 65536);
        assertEquals(true, level6 < data.length * 0.99, "the headers are worth compressing: " + level6);
        assertEquals(true, gzip.length - 18 < level6 * 1.005, gzip.length + " against " + level6);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    /**
     * The specification for blocks without {@link RawStretches}, one block after another: a fresh
     * raw deflater per block, primed with the 32 KiB before it.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 40_000, ParallelGzipOutputStream.BLOCK, 9 * ParallelGzipOutputStream.BLOCK + 777})
    void isTheConcatenationOfIndependentlyDeflatedBlocks(int size) throws Exception {
        byte[] data = data(size);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        int block = ParallelGzipOutputStream.BLOCK;
        // every full block ends with a sync flush; the rest (maybe nothing) is the final block
        for (int off = 0; off <= size; off += block) {
            boolean last = size - off < block;
            int length = last ? size - off : block;
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            if (off > 0) {
                deflater.setDictionary(data, off - 32768, 32768);
            }
            deflater.setInput(data, off, length);
            byte[] buffer = new byte[ParallelGzipOutputStream.CHUNK];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    expected.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    expected.write(buffer, 0, n);
                } while (n == buffer.length);
            }
            deflater.end();
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        for (long v : new long[] {crc.getValue(), size}) {
            for (int i = 0; i < 4; i++) {
                expected.write((int) (v >>> (8 * i)));
            }
        }
        assertArrayEquals(expected.toByteArray(), gzip(data, 2, 100_000));
    }
}
