package dev.strata.dockerfile.shell;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell glob pattern as used by {@code ${v#p}}, {@code ${v%p}} and {@code ${v/p/r}}: {@code *},
 * {@code ?}, bracket expressions ({@code [a-z]}, {@code [!x]}, {@code [[:digit:]]}) and the escape
 * character before {@code *}, {@code ?}, {@code [}, {@code ]} or itself. As in BuildKit, an escape
 * before {@code /} or {@code }} only protected that character from ending the substitution and is
 * dropped; any other escaped character is an error. Immutable.
 */
final class ShellPattern {
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s\\x{0B}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"),
            Map.entry("xdigit", "\\p{XDigit}"), Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("print", "\\p{Print}"));

    private final Pattern regex;

    private ShellPattern(Pattern regex) {
        this.regex = regex;
    }

    /**
     * @param glob the pattern text after expansion, escapes still in it
     * @param escape the lexer's escape character
     * @throws ShellExpansionException when an escape is not followed by a glob character
     */
    static ShellPattern compile(String glob, int escape) {
        int[] cps = glob.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            int ch = cps[i];
            if (ch == '*') {
                out.append(".*");
            } else if (ch == '?') {
                out.append('.');
            } else if (ch == escape) {
                if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) {
                    continue;
                }
                if (i + 1 >= cps.length) {
                    throw invalid(glob, "trailing escape character");
                }
                int next = cps[++i];
                if (next != '*' && next != '?' && next != '[' && next != ']' && next != escape) {
                    throw invalid(glob, "invalid escape '" + Character.toString(escape)
                            + Character.toString(next) + "'");
                }
                literal(out, next);
            } else if (ch == '[') {
                int end = bracket(cps, i, escape, out);
                if (end < 0) {
                    literal(out, ch);
                } else {
                    i = end;
                }
            } else {
                literal(out, ch);
            }
        }
        // DOTALL: a glob wildcard matches any character, newlines included, as in sh.
        return new ShellPattern(Pattern.compile(out.toString(), Pattern.DOTALL));
    }

    private static ShellExpansionException invalid(String glob, String why) {
        return new ShellExpansionException(
                "invalid pattern (" + glob + ") in substitution: " + why);
    }

    /**
     * Translates the bracket expression starting at {@code cps[start] == '['} into {@code out}.
     *
     * @return the index of its closing {@code ]}, or -1 (nothing written) when it is not closed,
     *     in which case the {@code [} is an ordinary character
     */
    private static int bracket(int[] cps, int start, int escape, StringBuilder out) {
        int i = start + 1;
        boolean negate = i < cps.length && (cps[i] == '!' || cps[i] == '^');
        if (negate) {
            i++;
        }
        StringBuilder items = new StringBuilder();
        boolean first = true;
        for (; i < cps.length; i++, first = false) {
            int ch = cps[i];
            if (ch == ']' && !first) {
                out.append(items.length() == 0 ? (negate ? "." : "(?!)")
                        : (negate ? "[^" : "[") + items + "]");
                return i;
            }
            if (ch == '[' && i + 1 < cps.length && cps[i + 1] == ':') {
                int close = indexOf(cps, i + 2, ":]");
                String name = close < 0 ? null : new String(cps, i + 2, close - i - 2);
                if (name != null && POSIX_CLASSES.containsKey(name)) {
                    items.append(POSIX_CLASSES.get(name));
                    i = close + 1;
                    continue;
                }
            }
            if (ch == escape) {
                if (++i >= cps.length) {
                    return -1;
                }
                ch = cps[i];
            }
            if (i + 2 < cps.length && cps[i + 1] == '-' && cps[i + 2] != ']') {
                int hi = cps[i + 2];
                i += 2;
                if (hi == escape) {
                    if (++i >= cps.length) {
                        return -1;
                    }
                    hi = cps[i];
                }
                // An inverted range matches nothing in sh; Java would reject it.
                if (ch <= hi) {
                    items.append(hex(ch)).append('-').append(hex(hi));
                }
            } else {
                items.append(hex(ch));
            }
        }
        return -1;
    }

    private static int indexOf(int[] cps, int from, String needle) {
        outer:
        for (int i = from; i + needle.length() <= cps.length; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (cps[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void literal(StringBuilder out, int ch) {
        if (Character.isLetterOrDigit(ch) && ch < 0x80) {
            out.appendCodePoint(ch);
        } else {
            out.append(hex(ch));
        }
    }

    private static String hex(int ch) {
        return "\\x{" + Integer.toHexString(ch) + "}";
    }

    /** Removes the shortest (or longest) prefix of {@code value} that the pattern matches. */
    String trimPrefix(String value, boolean longest) {
        Matcher m = regex.matcher(value);
        int len = value.length();
        for (int k = 0; k <= len; k++) {
            int end = longest ? len - k : k;
            if (isBoundary(value, end) && m.region(0, end).matches()) {
                return value.substring(end);
            }
        }
        return value;
    }

    /** Removes the shortest (or longest) suffix of {@code value} that the pattern matches. */
    String trimSuffix(String value, boolean longest) {
        Matcher m = regex.matcher(value);
        int len = value.length();
        for (int k = 0; k <= len; k++) {
            int start = longest ? k : len - k;
            if (isBoundary(value, start) && m.region(start, len).matches()) {
                return value.substring(0, start);
            }
        }
        return value;
    }

    private static boolean isBoundary(String s, int index) {
        return index == 0 || index == s.length()
                || !(Character.isLowSurrogate(s.charAt(index))
                        && Character.isHighSurrogate(s.charAt(index - 1)));
    }

    /**
     * Replaces the first (or every) leftmost-longest match with {@code replacement}, taken
     * literally. Like Go's {@code ReplaceAllString}, an empty match right after another match
     * is not replaced.
     */
    String replace(String value, String replacement, boolean all) {
        Matcher m = regex.matcher(value);
        if (!all) {
            return m.find() ? value.substring(0, m.start()) + replacement + value.substring(m.end())
                    : value;
        }
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int lastMatchEnd = -1;
        int search = 0;
        while (search <= value.length() && m.find(search)) {
            out.append(value, copied, m.start());
            copied = m.end();
            if (m.end() > lastMatchEnd || m.start() == 0) {
                if ((long) out.length() + replacement.length() > WordExpander.MAX_LENGTH) {
                    throw new ShellExpansionException("expands to more than 1 MiB");
                }
                out.append(replacement);
            } else {
                out.append(value, m.start(), m.end());
            }
            lastMatchEnd = m.end();
            int width = search < value.length() ? Character.charCount(value.codePointAt(search)) : 1;
            search = Math.max(search + width, m.end());
        }
        out.append(value, Math.min(copied, value.length()), value.length());
        return out.toString();
    }
}
