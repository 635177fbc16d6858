package dev.strata.builder.steps;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Go's {@code fmt} renderings that BuildKit's history strings use ({@code %q} of a string slice,
 * {@code %v} of a slice or set, {@code time.Duration.String()}), so that {@code created_by}
 * matches what {@code docker build} writes.
 */
final class GoFormat {
    private GoFormat() {}

    /** {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
    static String quotedList(List<String> items) {
        return items.stream().map(GoFormat::quote).collect(Collectors.joining(" ", "[", "]"));
    }

    /** {@code %v} of a {@code []string}: {@code [a b]}. */
    static String plainList(List<String> items) {
        return String.join(" ", items).transform(s -> "[" + s + "]");
    }

    /** {@code %v} of a {@code map[string]struct{}}: {@code map[80/tcp:{} 443/tcp:{}]} (keys sorted). */
    static String structSet(java.util.Collection<String> sortedKeys) {
        return sortedKeys.stream().map(k -> k + ":{}").collect(Collectors.joining(" ", "map[", "]"));
    }

    /** {@code strconv.Quote}: double quotes, Go escapes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 7 -> sb.append("\\a");
                case 8 -> sb.append("\\b");
                case 12 -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /** {@code %q} of an int: a quoted rune, {@code '\x03'} or {@code 'A'}. */
    static String quotedRune(int c) {
        if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
            return "'" + (char) c + "'";
        }
        return switch (c) {
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            case 7 -> "'\\a'";
            case 8 -> "'\\b'";
            case 12 -> "'\\f'";
            case 11 -> "'\\v'";
            default -> c < 0x100 ? String.format("'\\x%02x'", c) : String.format("'\\u%04x'", c);
        };
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 1m30s}, {@code 500ms}, {@code 1.5s}. */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            if (n < 1_000L) {
                return sign + n + "ns";
            }
            if (n < 1_000_000L) {
                return sign + fraction(n, 1_000L) + "µs";
            }
            return sign + fraction(n, 1_000_000L) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long rest = n % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        long secNanos = rest % 60_000_000_000L;
        StringBuilder sb = new StringBuilder(sign);
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(fraction(secNanos, 1_000_000_000L)).append('s');
        return sb.toString();
    }

    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + (Long.toString(unit).length() - 1) + "d", frac).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    static String env(Map<String, String> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
