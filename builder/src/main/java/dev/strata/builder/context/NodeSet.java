package dev.strata.builder.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The planned entries by target path: a later source replaces an earlier one, as in cp. Not thread-safe. */
final class NodeSet {

    private final Map<String, PlannedNode> nodes = new LinkedHashMap<>();

    /** A parent directory: added only if nothing is planned at that path yet. */
    void addParent(PlannedNode dir) {
        nodes.putIfAbsent(dir.target(), dir);
    }

    PlannedNode get(String target) {
        return nodes.get(target);
    }

    /** A copied item; replacing a directory by a file (or the reverse) is an error, as in BuildKit. */
    void add(PlannedNode node) {
        PlannedNode old = nodes.get(node.target());
        if (old != null) {
            if (old.isDir() && !node.isDir()) {
                throw new CopyException("cannot replace directory " + node.target() + " with a file");
            }
            if (!old.isDir() && node.isDir()) {
                throw new CopyException("cannot copy to non-directory: " + node.target());
            }
            nodes.remove(node.target());
        }
        nodes.put(node.target(), node);
    }

    List<PlannedNode> all() {
        return new ArrayList<>(nodes.values());
    }
}
