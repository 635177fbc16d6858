package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.SourceLocation;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * CopyIgnoredFile for one COPY/ADD source from the build context, as BuildKit's
 * {@code validateCopySourcePath}: skipped when {@code .dockerignore} has exceptions; the context
 * root ({@code .}) only counts when a pattern excludes everything.
 */
final class CopyIgnoredCheck {
    private CopyIgnoredCheck() {}

    /** @param verb {@code Copy} or {@code Add}, as BuildKit words it */
    static void check(String verb, String source, ContextIgnore ignore, SourceLocation at, Reporter reporter) {
        if (ignore.hasExceptions() || isRemote(source)) {
            return;
        }
        String src = clean(source);
        if ((src.equals(".") || src.equals("/")) && !ignore.excludesRoot()) {
            return;
        }
        if (ignore.matchesOrParentMatches(src)) {
            reporter.report(CheckRule.COPY_IGNORED_FILE, at,
                    "Attempting to " + verb + " file " + Texts.quote(src) + " that is excluded by .dockerignore");
        }
    }

    /** URLs and git sources of ADD do not come from the context. */
    private static boolean isRemote(String source) {
        return source.contains("://") || source.startsWith("git@");
    }

    /** Go's {@code path.Clean}. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
            } else {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
