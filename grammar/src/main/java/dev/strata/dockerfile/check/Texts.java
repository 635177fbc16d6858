package dev.strata.dockerfile.check;

import java.util.Collection;

/** Small text helpers the messages need: Go's {@code %q} and BuildKit's "did you mean". */
final class Texts {
    private Texts() {}

    /** Quotes like Go's {@code %q} for the printable strings Dockerfiles hold. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(ch -> {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x7F) {
                        out.append(String.format("\\x%02x", ch));
                    } else {
                        out.appendCodePoint(ch);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /**
     * BuildKit's {@code suggest.Search} (case-sensitive): the option closest to {@code value} by
     * Levenshtein distance, if that distance is below 3; nothing when an option equals it.
     */
    static String suggest(String value, Collection<String> options) {
        String match = "";
        int min = 3;
        for (String option : options) {
            if (option.equals(value)) {
                return "";
            }
            int d = levenshtein(value, option);
            if (d < min) {
                match = option;
                min = d;
            }
        }
        return match;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Whether a keyword is written all lower or all upper case ({@code RUN}, {@code run}). */
    static boolean selfConsistent(String s) {
        return s.equals(s.toLowerCase(java.util.Locale.ROOT)) || s.equals(s.toUpperCase(java.util.Locale.ROOT));
    }
}
