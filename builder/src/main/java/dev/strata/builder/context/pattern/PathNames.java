package dev.strata.builder.context.pattern;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code path.Clean} for slash-separated names: the rules Docker cleans every path with. */
public final class PathNames {

    private PathNames() {
    }

    /** {@code path.Clean}: collapses {@code //}, {@code .} and {@code ..}; "" becomes ".". */
    public static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** {@code path.Join("/", p)}: an absolute, clean path; {@code ..} cannot climb above "/". */
    public static String absolute(String path) {
        return clean("/" + path);
    }

    /** The last element, as {@code path.Base}. */
    public static String base(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return ".";
        }
        if (p.equals("/")) {
            return "/";
        }
        int i = p.lastIndexOf('/');
        return i < 0 ? p : p.substring(i + 1);
    }

    /** The relative path of {@code name} in the directory at relative path {@code dir} ("" is the top). */
    public static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** The parent, as {@code path.Dir}. */
    public static String dir(String path) {
        int i = path.lastIndexOf('/');
        return clean(i < 0 ? "" : path.substring(0, i + 1));
    }
}
