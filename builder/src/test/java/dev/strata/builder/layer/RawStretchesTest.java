package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class RawStretchesTest {
    private static final int MIB = 1 << 20;

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static int[] find(byte[] data) {
        return RawStretches.find(null, data, data.length);
    }

    /** The size of {@code data} deflated by one raw zlib stream at {@code level}. */
    static int deflatedSize(byte[] data, int level) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + data.length / 64 + 1024];
        int n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(out, n, out.length - n);
        }
        deflater.end();
        return n;
    }

    @Test
    void randomBytesAreOneStretchAndZlibCannotShrinkThemEither() {
        byte[] data = random(MIB, 1);
        assertArrayEquals(new int[] {0, MIB}, find(data));
        assertArrayEquals(new int[] {0, MIB}, RawStretches.find(random(32768, 2), data, data.length));
        assertTrue(deflatedSize(data, 6) >= data.length, "zlib stores random bytes too");
    }

    @Test
    void textHasNone() {
        byte[] data = new byte[MIB];
        Random random = new Random(3);
        String[] words = {"layer ", "image ", "build ", "docker ", "strata ", "the ", "of ", "\n"};
        for (int i = 0; i < data.length; ) {
            for (byte b : words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII)) {
                if (i < data.length) {
                    data[i++] = b;
                }
            }
        }
        assertArrayEquals(new int[0], find(data));
    }

    /** A tar of random files: the headers and zero padding between the bodies stay compressible. */
    @Test
    void tarHeadersBetweenRandomBodiesSplitTheStretches() {
        byte[] data = random(MIB, 4);
        int[] headers = {0, 21_000, 42_000, 63_000};
        for (int h : headers) {
            Arrays.fill(data, h, h + 512, (byte) 0);
            byte[] name = ("data/d1/f" + h).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, data, h, name.length);
        }
        int[] stretches = find(data);
        for (int h : headers) {
            for (int i = 0; i < stretches.length; i += 2) {
                assertTrue(stretches[i + 1] <= h || stretches[i] >= h + 512, "a header is never in a stretch: " + Arrays.toString(stretches));
            }
        }
        assertEquals(512, stretches[0], "the first stretch starts at the first unit after the header");
        long raw = 0;
        for (int i = 0; i < stretches.length; i += 2) {
            raw += stretches[i + 1] - stretches[i];
        }
        assertTrue(raw > MIB - 4 * 1024, "the bodies are raw: " + raw);
    }

    @Test
    void randomBytesOverHalfTheAlphabetAreCompressible() {
        byte[] data = random(MIB, 5);
        for (int i = 0; i < data.length; i++) {
            data[i] &= (byte) 0xbf;
        }
        assertArrayEquals(new int[0], find(data), "128 values a byte: Huffman coding saves an eighth");
        assertTrue(deflatedSize(data, 6) < data.length * 0.9);
    }

    @Test
    void aRandomFileRepeatedWithinTheWindowIsCompressible() {
        byte[] file = random(20_000, 6);
        byte[] data = new byte[MIB];
        for (int i = 0; i < data.length; i += file.length) {
            System.arraycopy(file, 0, data, i, Math.min(file.length, data.length - i));
        }
        int[] stretches = find(data);
        assertTrue(stretches.length == 2 && stretches[0] == 0 && stretches[1] <= 20_000, "only the first copy: " + Arrays.toString(stretches));
        assertTrue(deflatedSize(data, 6) < data.length / 10);
    }

    @Test
    void repeatsOfThePrecedingDictionaryCount() {
        byte[] dictionary = random(32768, 7);
        byte[] data = random(MIB, 8);
        System.arraycopy(dictionary, 0, data, 0, 20_000);
        int[] stretches = RawStretches.find(dictionary, data, data.length);
        assertEquals(20_224, stretches[0], "the repeat's units are left to deflate");
        assertEquals(0, RawStretches.find(random(32768, 9), data, data.length)[0]);
    }

    @Test
    void repeatsBeyondDeflatesWindowDoNotCount() {
        byte[] data = random(MIB, 10);
        System.arraycopy(data, 0, data, 200_000, 50_000);
        assertArrayEquals(new int[] {0, MIB}, find(data), "deflate cannot reach 200 KB back");
    }

    @Test
    void shortRawRunsAndTailsAreLeftToDeflate() {
        byte[] data = new byte[MIB];
        Arrays.fill(data, (byte) 'a');
        System.arraycopy(random(8191, 11), 0, data, 100_000, 8191);
        System.arraycopy(random(20_000, 12), 0, data, MIB - 20_000, 20_000);
        int[] stretches = find(data);
        assertEquals(2, stretches.length, "the 8,191 random bytes are too short: " + Arrays.toString(stretches));
        assertEquals(MIB, stretches[1]);
        byte[] odd = random(MIB - 100, 13);
        assertEquals((MIB - 100) / 256 * 256, find(odd)[1], "a last partial unit is not judged");
    }
}
