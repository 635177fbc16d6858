package dev.strata.builder.layer;

import java.util.Arrays;

/**
 * Finds the stretches of a block that deflate cannot shrink: the bodies of already compressed or
 * random files, which zlib searches at ~50 MB/s only to store them as they are. A layer of such
 * files still has compressible bytes between them (tar headers, zero padding), so the test is
 * local: a stretch is a run of 256-byte units, at least 8 KiB long, where
 * <ul>
 *   <li>every unit holds at least 140 distinct byte values (random bytes hold ~162, text under
 *       100, a tar header ~30);</li>
 *   <li>no repeat of 8 bytes or more within deflate's 32 KiB window (reaching back into the
 *       dictionary) touches a unit;</li>
 *   <li>the stretch's order-0 entropy leaves Huffman coding under 1 % to save.</li>
 * </ul>
 * The answer is a pure function of the bytes, so whoever computes it gets the same, and the
 * compressed output stays deterministic. A block with no such stretch costs one sampled pass
 * (1/16 of its bytes).
 */
final class RawStretches {
    static final int UNIT = 256;
    static final int MIN_DISTINCT = 140;
    static final int MIN_STRETCH = 8192;
    private static final int PAGE = 4096;
    private static final int WINDOW = 32 * 1024;
    private static final int MIN_REPEAT = 8;
    private static final int ANCHOR_BITS = 12;
    private static final int[] NONE = new int[0];

    private RawStretches() {
    }

    /**
     * The raw stretches of {@code data[0, length)}, which follows {@code dictionary} (may be null),
     * as ascending {@code [start, end)} pairs; empty when there is none.
     */
    static int[] find(byte[] dictionary, byte[] data, int length) {
        int units = length / UNIT;
        // A stretch of 8 KiB or more holds a whole 4 KiB page, whose first unit is then raw-like:
        // ordinary data costs a look at 1/16 of its units.
        int[] seen = new int[256];
        boolean candidate = false;
        for (int u = 0; u < units && !candidate; u += PAGE / UNIT) {
            candidate = distinct(data, u * UNIT, seen) >= MIN_DISTINCT;
        }
        if (!candidate) {
            return NONE;
        }
        boolean[] raw = new boolean[units];
        for (int u = 0; u < units; u++) {
            raw[u] = distinct(data, u * UNIT, seen) >= MIN_DISTINCT;
        }
        markRepeats(dictionary == null ? new byte[0] : dictionary, data, length, raw);
        int[] stretches = new int[8];
        int count = 0;
        for (int u = 0; u < units; ) {
            if (!raw[u]) {
                u++;
                continue;
            }
            int end = u;
            while (end < units && raw[end]) {
                end++;
            }
            int from = u * UNIT;
            int to = end * UNIT;
            if (to - from >= MIN_STRETCH && huffmanCannotSave(data, from, to)) {
                if (count + 2 > stretches.length) {
                    stretches = Arrays.copyOf(stretches, stretches.length * 2);
                }
                stretches[count++] = from;
                stretches[count++] = to;
            }
            u = end;
        }
        return count == 0 ? NONE : Arrays.copyOf(stretches, count);
    }

    /** Distinct byte values in the unit at {@code from}; {@code seen} holds the last unit's mark of each value. */
    private static int distinct(byte[] data, int from, int[] seen) {
        // Branch-free: a test per byte would mispredict on random bytes, which is what this finds.
        int mark = from + 1;
        for (int i = from; i < from + UNIT; i++) {
            seen[data[i] & 0xff] = mark;
        }
        int count = 0;
        for (int value : seen) {
            count += value == mark ? 1 : 0;
        }
        return count;
    }

    /**
     * {@code c * ln(c)} for small counts. StrictMath, here and below, because the decision must be
     * the same on every JVM and platform (Math.log may differ in its last bit), or the same layer
     * could get another digest elsewhere.
     */
    private static final double[] C_LN_C = new double[4096];

    static {
        for (int c = 2; c < C_LN_C.length; c++) {
            C_LN_C[c] = c * StrictMath.log(c);
        }
    }

    /** Whether order-0 Huffman coding could save at most 1 % of {@code data[from, to)} and 32 bytes. */
    private static boolean huffmanCannotSave(byte[] data, int from, int to) {
        int[] counts = new int[256];
        for (int i = from; i < to; i++) {
            counts[data[i] & 0xff]++;
        }
        int n = to - from;
        // n * entropy in nats = n * ln(n) - sum(c * ln(c))
        double sum = 0;
        for (int c : counts) {
            sum += c < C_LN_C.length ? C_LN_C[c] : c * StrictMath.log(c);
        }
        double bits = (n * StrictMath.log(n) - sum) / StrictMath.log(2);
        return 8.0 * n - bits <= 0.08 * n + 256;
    }

    /**
     * Clears the units that a repeat of at least {@link #MIN_REPEAT} bytes at most {@link #WINDOW}
     * back touches. Positions are remembered only where a hash of their 8 bytes has its top 4 bits
     * clear (content-defined anchors), so equal runs share anchors: a repeat of ~64 bytes or more
     * is found, and extended both ways, for a shift and a multiplication per byte.
     */
    static void markRepeats(byte[] dictionary, byte[] data, int length, boolean[] raw) {
        int[] anchors = new int[1 << ANCHOR_BITS];
        Arrays.fill(anchors, Integer.MIN_VALUE);
        int d = dictionary.length;
        // the last 8 bytes read, the oldest in the low byte: the little-endian long at i - 7
        long window = 0;
        for (int i = 0; i < d; i++) {
            window = window >>> 8 | (dictionary[i] & 0xffL) << 56;
            long hash = window * 0x9E3779B97F4A7C15L;
            if (i >= MIN_REPEAT - 1 && hash >>> 60 == 0) {
                anchors[(int) (hash >>> 48) & ((1 << ANCHOR_BITS) - 1)] = i - (MIN_REPEAT - 1) - d;
            }
        }
        int windowFrom = -d;
        int covered = 0;
        for (int i = 0; i < length; i++) {
            window = window >>> 8 | (data[i] & 0xffL) << 56;
            int p = i - (MIN_REPEAT - 1);
            long hash = window * 0x9E3779B97F4A7C15L;
            if (p < windowFrom || hash >>> 60 != 0) {
                continue;
            }
            int slot = (int) (hash >>> 48) & ((1 << ANCHOR_BITS) - 1);
            int candidate = anchors[slot];
            anchors[slot] = p;
            if (p < 0 || candidate == Integer.MIN_VALUE || p - candidate > WINDOW || !sameEight(dictionary, data, candidate, p)) {
                continue;
            }
            int start = p;
            while (start > covered && candidate - (p - start) > -d && byteAt(dictionary, data, candidate - (p - start) - 1) == data[start - 1]) {
                start--;
            }
            int end = p + MIN_REPEAT;
            while (end < length && byteAt(dictionary, data, candidate + (end - p)) == data[end]) {
                end++;
            }
            for (int u = start / UNIT; u <= (end - 1) / UNIT && u < raw.length; u++) {
                raw[u] = false;
            }
            covered = end;
            // go on after the repeat, with the window refilled from there
            windowFrom = end;
            i = end - 1;
        }
    }

    private static boolean sameEight(byte[] dictionary, byte[] data, int earlier, int p) {
        for (int k = 0; k < MIN_REPEAT; k++) {
            if (byteAt(dictionary, data, earlier + k) != data[p + k]) {
                return false;
            }
        }
        return true;
    }

    private static byte byteAt(byte[] dictionary, byte[] data, int p) {
        return p >= 0 ? data[p] : dictionary[dictionary.length + p];
    }
}
