package dev.strata.builder.rootfs;

import dev.strata.builder.text.OutsideText;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Tar entry names made relative and clean: leading {@code /} and {@code ./} dropped, {@code ..}
 * never escaping. Used where layers are extracted and where their files are exported.
 */
public final class EntryPath {
    private EntryPath() {}

    /**
     * Returns {@code name} as a clean relative path ({@code "a/b"}, or {@code ""} for the root).
     * Absolute names count from the root, as Docker extracts them; a name that climbs above the
     * root with {@code ..} is refused, as Docker refuses it ("breakout").
     */
    public static String clean(String name) throws UnsafeLayerException {
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeLayerException("entry name contains a NUL byte: " + printable(name));
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new UnsafeLayerException("entry \"" + printable(name) + "\" points outside the root");
                }
                parts.removeLast();
                continue;
            }
            parts.addLast(part);
        }
        return String.join("/", parts);
    }

    /** A name from a layer as a message may quote it: on one line, without terminal controls. */
    public static String printable(String name) {
        return OutsideText.oneLine(name.replace("\0", "\\0"));
    }
}
