package dev.strata.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human sizes and times as docker prints and parses them. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private Sizes() {}

    /** {@code 5.2MB}, like docker's HumanSize (decimal units, 3 significant digits). */
    static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        String number = String.format(Locale.ROOT, "%.3g", value);
        if (number.contains(".")) {
            number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return number + units[unit];
    }

    /** {@code 10GB}, {@code 512m}, {@code 1024}: binary units, as docker's {@code --keep-storage}. */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + text + "\" (expected e.g. 512MB or 10GB)");
        }
        int power = "bkmgtp".indexOf(m.group(2).isEmpty() ? 'b' : Character.toLowerCase(m.group(2).charAt(0)));
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }

    /** A Go duration: {@code 24h}, {@code 1h30m}, {@code 90s}, {@code 500ms}. */
    static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            long millis = (long) (n * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1000;
                default -> 1;
            });
            total = total.plusMillis(millis);
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\" (expected e.g. 24h, 1h30m or 90s)");
        }
        return total;
    }

    /** {@code 3 minutes ago}, like docker's HumanDuration; {@code N/A} without a time. */
    static String ago(Optional<Instant> when, Instant now) {
        if (when.isEmpty()) {
            return "N/A";
        }
        long s = Math.max(0, Duration.between(when.get(), now).getSeconds());
        if (s < 1) {
            return "Less than a second ago";
        } else if (s == 1) {
            return "1 second ago";
        } else if (s < 60) {
            return s + " seconds ago";
        }
        long m = s / 60;
        if (m == 1) {
            return "About a minute ago";
        } else if (m < 60) {
            return m + " minutes ago";
        }
        long h = Math.round(m / 60.0);
        if (h == 1) {
            return "About an hour ago";
        } else if (h < 48) {
            return h + " hours ago";
        } else if (h < 24 * 7 * 2) {
            return h / 24 + " days ago";
        } else if (h < 24 * 30 * 2) {
            return h / 24 / 7 + " weeks ago";
        } else if (h < 24 * 365 * 2) {
            return h / 24 / 30 + " months ago";
        }
        return h / 24 / 365 + " years ago";
    }
}
