package dev.strata.builder.context;

import dev.strata.builder.context.pattern.GoGlob;
import dev.strata.builder.context.pattern.PathNames;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code COPY --parents}: the source keeps its path under the destination, from the root or from
 * the {@code /./} pivot ({@code COPY --parents a/./b/c.txt /dst/} gives {@code /dst/b/c.txt}).
 */
final class ParentsSource {

    private ParentsSource() {
    }

    static List<ItemCopier.Item> expand(SourceRoot root, String source, String keyword) {
        int pivotAt = source.indexOf("/./");
        String pivotWord = pivotAt < 0 ? "" : source.substring(0, pivotAt);
        String pattern = pivotAt < 0 ? source : source.substring(pivotAt + 3);
        String pivot = root.resolve(SourceMatcher.clamp(pivotWord), true);
        String rel = SourceMatcher.clamp(pattern);
        List<String> matches = new ArrayList<>();
        if (!GoGlob.hasWildcards(rel)) {
            matches.add(rel);
        } else {
            String base = pivot.isEmpty() ? "" : pivot;
            SourceRoot sub = root;
            for (SourceMatcher.Match m : SourceMatcher.expand(sub, PathNames.child(base, rel))) {
                String unresolved = m.unresolved();
                matches.add(base.isEmpty() ? unresolved : unresolved.substring(base.length() + 1));
            }
        }
        List<ItemCopier.Item> items = new ArrayList<>();
        for (String m : matches) {
            String full = PathNames.child(pivot, m);
            String resolved = root.resolve(full, true);
            SourceFile f = root.lstat(resolved) == null ? null : root.file(resolved);
            if (f == null) {
                throw new CopyException(keyword + " failed: \"" + source + "\": not found in " + root.description());
            }
            items.add(new ItemCopier.Item.Parents(source, pivot, m, resolved, f));
        }
        return items;
    }
}
