package dev.strata.builder.text;

/**
 * Removes what a terminal would act on from text Strata did not write itself: escape sequences
 * (CSI such as {@code ESC[2J}, OSC such as window titles and hyperlinks, and two-character ones),
 * C0 controls but the tab, DEL, C1 controls (8-bit CSI among them) and the Unicode bidi overrides
 * that make a line read differently from what it holds. Printable text, any script, stays.
 */
public final class OutsideText {
    private OutsideText() {}

    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char CSI8 = 0x9b;
    private static final char OSC8 = 0x9d;
    private static final char ST8 = 0x9c;

    /**
     * The text on one line: line breaks become spaces (so a message cannot fake a line of its
     * own, {@code build succeeded} say), tabs stay, everything else that controls a terminal goes.
     */
    public static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        return strip(text, true).strip();
    }

    /** {@link #oneLine}, cut to {@code max} characters (an ellipsis marks the cut). */
    public static String oneLine(String text, int max) {
        String line = oneLine(text);
        if (line == null || line.length() <= max) {
            return line;
        }
        return line.substring(0, Math.max(0, max - 1)) + "\u2026";
    }

    /**
     * One line of a command's output, as a terminal would leave it: what follows the last carriage
     * return (a progress bar redrawn in place shows its final state), controls removed.
     */
    public static String outputLine(String line) {
        if (line == null) {
            return null;
        }
        String[] segments = line.split("\r", -1);
        String visible = segments[segments.length - 1];
        for (int i = segments.length - 1; i >= 0 && strip(visible, true).isBlank(); i--) {
            visible = segments[i];
        }
        return strip(visible, true);
    }

    private static String strip(String text, boolean breaksToSpaces) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ESC) {
                i = skipEscape(text, i + 1) - 1;
            } else if (c == CSI8) {
                i = skipCsi(text, i + 1) - 1;
            } else if (c == OSC8) {
                i = skipString(text, i + 1) - 1;
            } else if (c == '\t') {
                out.append(c);
            } else if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x85 || c == 0x2028 || c == 0x2029) {
                if (breaksToSpaces) {
                    out.append(' ');
                }
            } else if (!isControl(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }

    /** Index after the escape sequence whose ESC was just before {@code i}. */
    private static int skipEscape(String text, int i) {
        if (i >= text.length()) {
            return i;
        }
        char c = text.charAt(i);
        if (c == '[') {
            return skipCsi(text, i + 1);
        }
        if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
            return skipString(text, i + 1);
        }
        // intermediates (0x20-0x2f) then one final character, e.g. ESC ( B or ESC c
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) {
            i++;
        }
        return Math.min(text.length(), i + 1);
    }

    /** Parameters and intermediates up to and including the final byte (0x40-0x7e). */
    private static int skipCsi(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c < 0x20 || c > 0x7e) {
                return i - 1; // not a sequence after all: the character is judged on its own
            }
        }
        return i;
    }

    /** An OSC/DCS string: up to BEL, ST (ESC \) or the 8-bit ST. */
    private static int skipString(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == BEL || c == ST8) {
                return i;
            }
            if (c == ESC) {
                return i < text.length() && text.charAt(i) == '\\' ? i + 1 : i;
            }
        }
        return i;
    }
}
