package dev.strata.builder.layer;

import java.util.ArrayDeque;
import java.util.Deque;

/** Normalises paths inside a layer: relative, '/'-separated, no '.', '..' or empty segments. */
public final class LayerPaths {
    private LayerPaths() {}

    /**
     * {@code "/usr//bin/./x"} becomes {@code "usr/bin/x"}. A {@code ".."} that would climb above
     * the root, and the root itself, are rejected: a layer entry never names them.
     */
    public static String normalize(String path) {
        if (path == null) {
            throw new IllegalArgumentException("layer path must not be null");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("layer path contains a NUL byte: " + path.replace('\0', '?'));
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new IllegalArgumentException("layer path escapes the root: " + path);
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("layer path names the root itself: \"" + path + "\"");
        }
        return String.join("/", segments);
    }

    /** The parent of a normalised path, or "" for a top-level entry. */
    public static String parent(String normalized) {
        int slash = normalized.lastIndexOf('/');
        return slash < 0 ? "" : normalized.substring(0, slash);
    }

    /** The last segment of a normalised path. */
    public static String baseName(String normalized) {
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }
}
