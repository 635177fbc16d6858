package dev.strata.dockerfile.parse;

/** Whitespace as Go's {@code unicode.IsSpace} and BuildKit's regular expressions see it. */
final class Blanks {
    private Blanks() {
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f' || c == 0x85
                || c == 0xA0 || (c > 0xFF && Character.isSpaceChar(c));
    }

    /** BuildKit's {@code reWhitespace}: {@code [\t\v\f\r ]}. */
    static boolean isSeparator(int c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    /** Index of the first character after leading whitespace. */
    static int leading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index after the last non-whitespace character. */
    static int trailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
