package dev.strata.builder.context.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * The regular expression moby/patternmatcher builds from a pattern ({@code *} as {@code [^/]*},
 * {@code ?} as {@code [^/]}, {@code **} as {@code (.*&#47;)?} or a final {@code .*}, classes, escaped
 * characters, a bare {@code ^} as a start anchor), run as a Thompson automaton: every node is a
 * step forward except the stars' self loops, so a match costs O(path length × pattern length)
 * whatever the pattern (no backtracking; {@code *a*a*a*a*b} against a long name is linear).
 * Immutable.
 */
final class PathRegex {

    private sealed interface Node {
    }

    /** Consumes one character. */
    private sealed interface Step extends Node {
        boolean accepts(int ch);
    }

    private record Literal(int ch) implements Step {
        public boolean accepts(int c) {
            return c == ch;
        }
    }

    private record NotSlash() implements Step {
        public boolean accepts(int c) {
            return c != '/';
        }
    }

    private record CharClass(int[] ranges, boolean negated) implements Step {
        public boolean accepts(int c) {
            boolean in = false;
            for (int i = 0; i < ranges.length && !in; i += 2) {
                in = ranges[i] <= c && c <= ranges[i + 1];
            }
            return in != negated;
        }
    }

    /** {@code [^/]*} or Go's {@code .*} (whose dot does not match a newline). */
    private record Star(boolean crossesSlash) implements Node {
        boolean accepts(int c) {
            return crossesSlash ? c != '\n' : c != '/';
        }
    }

    /** The {@code ?} of {@code (.*&#47;)?}: may jump to {@code skipTo}. */
    private record Skip(int skipTo) implements Node {
    }

    /** An unescaped {@code ^}: Go's start-of-text assertion. */
    private record StartAnchor() implements Node {
    }

    private final Node[] nodes;

    private PathRegex(List<Node> nodes) {
        this.nodes = nodes.toArray(Node[]::new);
    }

    /**
     * Compiles a cleaned pattern whose syntax {@link GoGlob#validate} accepted, the way
     * moby/patternmatcher's {@code compile} translates it (code point by code point).
     */
    static PathRegex compile(String pattern) {
        int[] p = pattern.codePoints().toArray();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            int ch = p[i];
            if (ch == '*') {
                if (i + 1 < p.length && p[i + 1] == '*') {
                    i++;
                    if (i + 1 < p.length && p[i + 1] == '/') {
                        i++;
                    }
                    if (i + 1 >= p.length) {
                        nodes.add(new Star(true));
                    } else {
                        int at = nodes.size();
                        nodes.add(new Skip(at + 3));
                        nodes.add(new Star(true));
                        nodes.add(new Literal('/'));
                    }
                } else {
                    nodes.add(new Star(false));
                }
            } else if (ch == '?') {
                nodes.add(new NotSlash());
            } else if (ch == '\\') {
                nodes.add(new Literal(i + 1 < p.length ? p[++i] : '\\'));
            } else if (ch == '[') {
                i = charClass(p, i + 1, nodes);
            } else if (ch == '^') {
                nodes.add(new StartAnchor());
            } else {
                nodes.add(new Literal(ch));
            }
        }
        return new PathRegex(nodes);
    }

    /** Reads a class after its {@code [}; returns the index of its {@code ]}. */
    private static int charClass(int[] p, int from, List<Node> nodes) {
        int i = from;
        boolean negated = i < p.length && p[i] == '^';
        if (negated) {
            i++;
        }
        List<Integer> ranges = new ArrayList<>();
        boolean first = true;
        while (i < p.length && (p[i] != ']' || first)) {
            first = false;
            int lo = p[i] == '\\' && i + 1 < p.length ? p[++i] : p[i];
            i++;
            int hi = lo;
            if (i + 1 < p.length && p[i] == '-' && p[i + 1] != ']') {
                i++;
                hi = p[i] == '\\' && i + 1 < p.length ? p[++i] : p[i];
                i++;
            }
            ranges.add(lo);
            ranges.add(hi);
        }
        int[] r = ranges.stream().mapToInt(Integer::intValue).toArray();
        nodes.add(new CharClass(r, negated));
        return i;
    }

    /** Whether the whole path matches (Go's {@code ^...$}). */
    boolean matches(String path) {
        int n = nodes.length;
        boolean[] current = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        current[0] = true;
        close(current, true);
        int pos = 0;
        while (pos < path.length()) {
            int ch = path.codePointAt(pos);
            pos += Character.charCount(ch);
            boolean any = false;
            java.util.Arrays.fill(next, false);
            for (int i = 0; i < n; i++) {
                if (!current[i]) {
                    continue;
                }
                Node node = nodes[i];
                if (node instanceof Star star && star.accepts(ch)) {
                    next[i] = true;
                    any = true;
                } else if (node instanceof Step step && step.accepts(ch)) {
                    next[i + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            boolean[] swap = current;
            current = next;
            next = swap;
            close(current, false);
        }
        return current[n];
    }

    /** Follows the moves that consume nothing; they all point forward, so one pass is enough. */
    private void close(boolean[] states, boolean atStart) {
        for (int i = 0; i < nodes.length; i++) {
            if (!states[i]) {
                continue;
            }
            Node node = nodes[i];
            if (node instanceof Star) {
                states[i + 1] = true;
            } else if (node instanceof Skip opt) {
                states[i + 1] = true;
                states[opt.skipTo()] = true;
            } else if (node instanceof StartAnchor && atStart) {
                states[i + 1] = true;
            }
        }
    }
}
