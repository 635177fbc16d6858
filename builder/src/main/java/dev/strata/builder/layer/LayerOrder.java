package dev.strata.builder.layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts layer entries in their canonical tar order: by tar name, compared segment by segment
 * (so a directory's children follow it directly), with whiteout names first among their
 * siblings, as the OCI spec recommends. Later duplicates of a name replace earlier ones, and
 * hard link groups are rewritten so the file's data comes with the first name in that order.
 */
final class LayerOrder {
    private LayerOrder() {}

    static final Comparator<String> NAMES = LayerOrder::compareNames;

    static List<LayerEntry> sort(List<? extends LayerEntry> entries) {
        if (inOrder(entries)) {
            return relinkHardlinks(new ArrayList<>(entries)); // as a COPY's walk gives them: one comparison per entry, not a sort
        }
        Map<String, LayerEntry> byName = new TreeMap<>(NAMES);
        for (LayerEntry entry : entries) {
            byName.put(entry.tarName(), entry);
        }
        return relinkHardlinks(new ArrayList<>(byName.values()));
    }

    /** Whether every name comes strictly after the one before it (so there are no duplicates either). */
    private static boolean inOrder(List<? extends LayerEntry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            if (compareNames(entries.get(i - 1).tarName(), entries.get(i).tarName()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a file F with links L1..Ln, the earliest of {F, L1..Ln} carries F's content and
     * attributes and the others link to it; links to targets outside the layer stay as given.
     */
    private static List<LayerEntry> relinkHardlinks(List<LayerEntry> sorted) {
        Map<String, LayerEntry.RegularFile> files = new HashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (LayerEntry entry : sorted) {
            if (entry instanceof LayerEntry.RegularFile file) {
                files.put(file.path(), file);
            }
        }
        Map<String, String> links = new HashMap<>();
        for (LayerEntry entry : sorted) {
            if (entry instanceof LayerEntry.Hardlink link) {
                links.put(link.path(), link.target());
            }
        }
        for (LayerEntry entry : sorted) {
            if (entry instanceof LayerEntry.Hardlink link) {
                String root = resolve(link.target(), links);
                if (files.containsKey(root)) {
                    groups.computeIfAbsent(root, k -> new ArrayList<>(List.of(k))).add(link.path());
                }
            }
        }
        if (groups.isEmpty()) {
            return sorted;
        }
        Map<String, LayerEntry> replacements = new HashMap<>();
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            LayerEntry.RegularFile file = files.get(group.getKey());
            String first = group.getValue().stream().min(NAMES).orElseThrow();
            replacements.put(first, new LayerEntry.RegularFile(first, file.attributes(), file.content()));
            for (String member : group.getValue()) {
                if (!member.equals(first)) {
                    replacements.put(member, new LayerEntry.Hardlink(member, file.attributes(), first));
                }
            }
        }
        List<LayerEntry> result = new ArrayList<>(sorted.size());
        for (LayerEntry entry : sorted) {
            result.add(replacements.getOrDefault(entry.path(), entry));
        }
        return result;
    }

    /** Follows link-to-link chains to the entry holding the data. */
    private static String resolve(String target, Map<String, String> links) {
        String current = target;
        for (int hops = 0; hops < 64 && links.containsKey(current); hops++) {
            current = links.get(current);
        }
        return current;
    }

    private static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int endA = segmentEnd(a, i);
            int endB = segmentEnd(b, j);
            int c = compareSegments(a, i, endA, b, j, endB);
            if (c != 0) {
                return c;
            }
            i = endA + 1;
            j = endB + 1;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int segmentEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }

    /** Compares a[startA, endA) with b[startB, endB) in place (no substrings: a large layer's sort compares ~10^5 times). */
    private static int compareSegments(String a, int startA, int endA, String b, int startB, int endB) {
        boolean whiteoutA = a.startsWith(".wh.", startA);
        boolean whiteoutB = b.startsWith(".wh.", startB);
        if (whiteoutA != whiteoutB) {
            return whiteoutA ? -1 : 1;
        }
        int lengthA = endA - startA;
        int lengthB = endB - startB;
        for (int k = 0, n = Math.min(lengthA, lengthB); k < n; k++) {
            char ca = a.charAt(startA + k);
            char cb = b.charAt(startB + k);
            if (ca != cb) {
                return ca - cb;
            }
        }
        return lengthA - lengthB;
    }
}
