package dev.strata.builder.context.pattern;

/**
 * Go's {@code path/filepath.Match} on Unix: {@code *} (no {@code /}), {@code ?}, {@code [...]}
 * classes with ranges and {@code ^} negation, and {@code \} escapes. Docker matches COPY source
 * globs with it, so we keep its exact rules, including when a pattern is malformed.
 */
public final class GoGlob {

    private GoGlob() {
    }

    /** Thrown for a malformed pattern ({@code filepath.ErrBadPattern}). */
    public static final class BadPatternException extends IllegalArgumentException {
        public BadPatternException(String pattern) {
            super("syntax error in pattern \"" + pattern + "\"");
        }
    }

    /** Whether {@code name} matches {@code pattern}; a malformed pattern throws. */
    public static boolean matches(String pattern, String name) {
        int[] p = pattern.codePoints().toArray();
        int[] s = name.codePoints().toArray();
        int pi = 0;
        int si = 0;
        pattern:
        while (pi < p.length) {
            boolean star = false;
            while (pi < p.length && p[pi] == '*') {
                pi++;
                star = true;
            }
            int chunkStart = pi;
            int chunkEnd = scanChunkEnd(p, pi);
            pi = chunkEnd;
            if (star && chunkStart == chunkEnd) {
                // trailing * matches the rest unless it holds a separator
                for (int i = si; i < s.length; i++) {
                    if (s[i] == '/') {
                        return false;
                    }
                }
                return true;
            }
            int t = matchChunk(p, chunkStart, chunkEnd, s, si, pattern);
            if (t >= 0 && (t == s.length || pi < p.length)) {
                si = t;
                continue;
            }
            if (star) {
                for (int i = si; i < s.length && s[i] != '/'; i++) {
                    t = matchChunk(p, chunkStart, chunkEnd, s, i + 1, pattern);
                    if (t >= 0) {
                        if (pi == p.length && t < s.length) {
                            continue;
                        }
                        si = t;
                        continue pattern;
                    }
                }
            }
            // before answering false, the rest of the pattern must still be well formed
            while (pi < p.length) {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                int start = pi;
                pi = scanChunkEnd(p, pi);
                matchChunk(p, start, pi, new int[0], 0, pattern);
            }
            return false;
        }
        return si == s.length;
    }

    /** Checks the syntax only, as Go callers do with {@code filepath.Match(p, ".")}. */
    public static void validate(String pattern) {
        matches(pattern, ".");
    }

    /** Whether the word holds an unescaped {@code * ? [}, as BuildKit's containsWildcards. */
    public static boolean hasWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    private static int scanChunkEnd(int[] p, int from) {
        boolean inRange = false;
        int i = from;
        for (; i < p.length; i++) {
            int c = p[i];
            if (c == '\\') {
                if (i + 1 < p.length) {
                    i++;
                }
            } else if (c == '[') {
                inRange = true;
            } else if (c == ']') {
                inRange = false;
            } else if (c == '*' && !inRange) {
                break;
            }
        }
        return i;
    }

    /** Returns the index in s after the chunk, or -1 when it does not match. */
    private static int matchChunk(int[] p, int ci, int ce, int[] s, int si, String pattern) {
        boolean failed = false;
        while (ci < ce) {
            if (!failed && si >= s.length) {
                failed = true;
            }
            int c = p[ci];
            if (c == '[') {
                int r = 0;
                if (!failed) {
                    r = s[si++];
                }
                ci++;
                boolean negated = false;
                if (ci < ce && p[ci] == '^') {
                    negated = true;
                    ci++;
                }
                boolean match = false;
                int nrange = 0;
                while (true) {
                    if (ci < ce && p[ci] == ']' && nrange > 0) {
                        ci++;
                        break;
                    }
                    int[] lo = escaped(p, ci, ce, pattern);
                    ci = lo[1];
                    int hi = lo[0];
                    if (p[ci] == '-') {
                        int[] h = escaped(p, ci + 1, ce, pattern);
                        hi = h[0];
                        ci = h[1];
                    }
                    if (lo[0] <= r && r <= hi) {
                        match = true;
                    }
                    nrange++;
                }
                if (match == negated) {
                    failed = true;
                }
            } else if (c == '?') {
                if (!failed) {
                    if (s[si] == '/') {
                        failed = true;
                    }
                    si++;
                }
                ci++;
            } else {
                if (c == '\\') {
                    ci++;
                    if (ci >= ce) {
                        throw new BadPatternException(pattern);
                    }
                }
                if (!failed) {
                    if (p[ci] != s[si]) {
                        failed = true;
                    }
                    si++;
                }
                ci++;
            }
        }
        return failed ? -1 : si;
    }

    /** Go's getEsc: one possibly escaped character of a class; {char, next index}. */
    private static int[] escaped(int[] p, int ci, int ce, String pattern) {
        if (ci >= ce || p[ci] == '-' || p[ci] == ']') {
            throw new BadPatternException(pattern);
        }
        if (p[ci] == '\\') {
            ci++;
            if (ci >= ce) {
                throw new BadPatternException(pattern);
            }
        }
        int r = p[ci];
        ci++;
        if (ci >= ce) {
            throw new BadPatternException(pattern);
        }
        return new int[] {r, ci};
    }
}
