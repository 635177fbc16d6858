package dev.strata.builder.steps;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code path.Clean} and {@code path.Join} for image paths ('/'-separated, absolute). */
final class Paths {
    private Paths() {}

    static String join(String base, String rel) {
        return clean(base + "/" + rel);
    }

    /** Cleans an absolute path: no empty, '.' or '..' segments; {@code /} for the root. */
    static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(seg);
            }
        }
        return "/" + String.join("/", parts);
    }
}
