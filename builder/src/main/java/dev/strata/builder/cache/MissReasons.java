package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in a user's words why a step missed the cache, from the key document of its last build and
 * the current one: {@code COPY source src/Main.java changed}, {@code build arg VERSION changed},
 * {@code ENV PATH changed}, {@code previous step changed}. Fields are those the engine writes
 * ({@code instruction}, {@code parent}, {@code args}, {@code env}, {@code sources}, ...).
 */
public final class MissReasons {
    /** The source path inside a canonical source line: {@code ... "src" -> "dst"}. */
    private static final Pattern SOURCE = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\" -> \"");

    private MissReasons() {}

    /** The reasons, most specific first; empty when the documents are equal. */
    public static List<String> of(JsonNode previous, JsonNode current) {
        List<String> reasons = new ArrayList<>();
        TreeMap<String, Boolean> fields = new TreeMap<>();
        for (String path : KeyDiff.changedPaths(previous, current)) {
            String field = path.length() > 1 ? path.substring(1).split("/", 2)[0] : path;
            fields.put(field, true);
        }
        String keyword = keyword(current);
        if (fields.remove("sources") != null) {
            sourceChanges(previous.get("sources"), current.get("sources"), keyword, reasons);
        }
        if (fields.remove("instruction") != null) {
            reasons.add("instruction changed (was: " + text(previous.get("instruction")) + ")");
        }
        for (String map : List.of("args", "env")) {
            if (fields.remove(map) != null) {
                String what = map.equals("args") ? "build arg " : "ENV ";
                for (String name : changedNames(previous.get(map), current.get(map))) {
                    reasons.add(what + name + " changed");
                }
            }
        }
        if (fields.remove("bindMounts") != null) {
            reasons.add("RUN bind mount source changed");
        }
        boolean parent = fields.remove("parent") != null;
        fields.keySet().forEach(field -> reasons.add(field + " changed"));
        if (parent) {
            reasons.add("previous step changed");
        }
        return reasons;
    }

    private static void sourceChanges(JsonNode before, JsonNode after, String keyword, List<String> out) {
        Set<String> old = lines(before);
        Set<String> now = lines(after);
        Set<String> changedPaths = new LinkedHashSet<>();
        for (String line : now) {
            if (!old.contains(line)) {
                changedPaths.add(sourceOf(line));
            }
        }
        for (String line : old) {
            if (!now.contains(line)) {
                changedPaths.add(sourceOf(line));
            }
        }
        for (String path : changedPaths) {
            out.add(keyword + " source " + path + " changed");
        }
    }

    private static Set<String> lines(JsonNode array) {
        Set<String> lines = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(n -> lines.add(n.asText()));
        }
        return lines;
    }

    private static String sourceOf(String line) {
        Matcher m = SOURCE.matcher(line);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : line;
    }

    private static Set<String> changedNames(JsonNode before, JsonNode after) {
        Set<String> names = new java.util.TreeSet<>();
        collect(before, after, names);
        collect(after, before, names);
        return names;
    }

    private static void collect(JsonNode a, JsonNode b, Set<String> names) {
        if (a == null || !a.isObject()) {
            return;
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (b == null || !a.get(name).equals(b.get(name))) {
                names.add(name);
            }
        }
    }

    private static String keyword(JsonNode doc) {
        String instruction = text(doc.get("instruction"));
        int space = instruction.indexOf(' ');
        return space < 0 ? instruction : instruction.substring(0, space);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
