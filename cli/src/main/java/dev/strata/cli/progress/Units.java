package dev.strata.cli.progress;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats BuildKit's progress output uses. */
final class Units {
    private static final String[] SIZES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Units() {}

    /** go-units {@code HumanSize}: decimal units, four significant digits ({@code 1.049MB}, {@code 92B}). */
    static String size(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < SIZES.length - 1) {
            value /= 1000;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros();
        return rounded.toPlainString() + SIZES[unit];
    }

    /** Seconds with one decimal, as in {@code DONE 1.2s}. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1fs", seconds);
    }

    /** The {@code [stage 1/3]} prefix; the index is padded to the width of the total, as BuildKit does. */
    static String stepPrefix(String stage, int index, int total) {
        if (total <= 0) {
            return "";
        }
        int width = String.valueOf(total).length();
        String number = String.format(Locale.ROOT, "%" + width + "d/%d", index, total);
        return "[" + (stage.isEmpty() ? "" : stage + " ") + number + "] ";
    }
}
