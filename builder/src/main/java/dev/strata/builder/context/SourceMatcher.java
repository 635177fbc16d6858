package dev.strata.builder.context;

import dev.strata.builder.context.pattern.GoGlob;
import dev.strata.builder.context.pattern.PathNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expands one local source word into the paths it names, as BuildKit's
 * {@code ResolveWildcards}: the leading components without wildcards are resolved (following
 * symlinks, inside the root), the rest are Go globs matched one level at a time, without
 * descending into symlinked directories; a matched directory is not searched further.
 */
final class SourceMatcher {

    /**
     * A path a source names.
     *
     * @param unresolved the path as matched (its base name names the copy)
     * @param resolved the path after following symlinks inside the root
     * @param relativeToPattern the part matched by wildcards ("" for a plain path), for --exclude
     */
    record Match(String unresolved, String resolved, String relativeToPattern) {
        String baseName() {
            return unresolved.isEmpty() ? "" : unresolved.substring(unresolved.lastIndexOf('/') + 1);
        }
    }

    private SourceMatcher() {
    }

    /** Clean path relative to the root: {@code ../x} and {@code /x} both become {@code x}. */
    static String clamp(String source) {
        String abs = PathNames.absolute(source);
        return abs.equals("/") ? "" : abs.substring(1);
    }

    /** The matches, or an empty list when a pattern matches nothing; a plain path is returned even if missing. */
    static List<Match> expand(SourceRoot root, String source) {
        String rel = clamp(source);
        if (!GoGlob.hasWildcards(rel)) {
            return List.of(new Match(rel, root.resolve(rel, true), ""));
        }
        List<String> parts = Arrays.asList(rel.split("/"));
        int first = 0;
        while (first < parts.size() && !GoGlob.hasWildcards(parts.get(first))) {
            first++;
        }
        for (String p : parts.subList(first, parts.size())) {
            try {
                GoGlob.validate(p);
            } catch (GoGlob.BadPatternException e) {
                throw new CopyException(e.getMessage());
            }
        }
        String base = root.resolve(String.join("/", parts.subList(0, first)), true);
        List<Match> out = new ArrayList<>();
        walk(root, base, "", parts.subList(first, parts.size()), out);
        return out;
    }

    private static void walk(SourceRoot root, String dir, String matchedSoFar, List<String> patterns, List<Match> out) {
        SourceFile d = root.file(dir);
        if (d == null || !d.isDirectory()) {
            return;
        }
        String pattern = patterns.get(0);
        for (String name : root.childNames(dir)) {
            if (!GoGlob.matches(pattern, name)) {
                continue;
            }
            String child = PathNames.child(dir, name);
            String matched = PathNames.child(matchedSoFar, name);
            if (patterns.size() == 1) {
                out.add(new Match(child, root.resolve(child, true), matched));
            } else {
                walk(root, child, matched, patterns.subList(1, patterns.size()), out);
            }
        }
    }
}
