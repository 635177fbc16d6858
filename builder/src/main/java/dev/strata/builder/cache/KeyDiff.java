package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Explains a cache miss: which fields of a key document changed since the last build. */
public final class KeyDiff {
    private KeyDiff() {}

    /**
     * JSON Pointer paths ({@code /sources/2/digest}, {@code /env/PATH}) of every value that was
     * added, removed or changed between {@code previous} and {@code current}; empty when equal.
     * A value whose type changed, or an array element added or removed, is reported as one path.
     */
    public static List<String> changedPaths(JsonNode previous, JsonNode current) {
        List<String> paths = new ArrayList<>();
        walk("", previous, current, paths);
        return paths;
    }

    /**
     * A one-line explanation for progress output, e.g.
     * {@code /env/PATH: "/bin" -> "/usr/bin"; /sources/0/digest: "sha256:ab..." -> "sha256:cd..."},
     * at most {@code limit} fields (then {@code "; and 3 more"}); values cut to 40 characters.
     */
    public static String explain(JsonNode previous, JsonNode current, int limit) {
        List<String> paths = changedPaths(previous, current);
        if (paths.isEmpty()) {
            return "no change";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < paths.size() && i < limit; i++) {
            String path = paths.get(i);
            if (i > 0) {
                text.append("; ");
            }
            text.append(path).append(": ").append(show(at(previous, path))).append(" -> ").append(show(at(current, path)));
        }
        if (paths.size() > limit) {
            text.append("; and ").append(paths.size() - limit).append(" more");
        }
        return text.toString();
    }

    private static JsonNode at(JsonNode root, String path) {
        return root == null ? null : root.at(path.equals("/") ? "" : path);
    }

    private static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "(none)";
        }
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
            if (!(isAbsent(a) && isAbsent(b))) {
                out.add(path.isEmpty() ? "/" : path);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                walk(path + "/" + escape(name), a.get(name), b.get(name), out);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            int n = Math.max(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                walk(path + "/" + i, a.get(i), b.get(i), out);
            }
            return;
        }
        if (!a.equals(b)) {
            out.add(path.isEmpty() ? "/" : path);
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
