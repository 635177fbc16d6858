package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Which fields of a key document changed since the last build ({@link MissReasons} words them). */
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
