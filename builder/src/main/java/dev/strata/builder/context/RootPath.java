package dev.strata.builder.context;

import dev.strata.builder.context.pattern.PathNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory the way containerd's {@code fs.RootPath} (used by
 * BuildKit) does: {@code ..} stops at the root, and a symlink is read and followed as if the
 * root were {@code /}, so an absolute target or a target with {@code ..} never leaves the root.
 * The host's files outside the root are never touched.
 */
public final class RootPath {

    private static final int MAX_LINKS = 255;

    private RootPath() {
    }

    /** Looks at each symlink met while resolving; returns false to treat it as missing. */
    public interface LinkFilter {
        boolean allow(String relativeLink);
    }

    /**
     * The path, relative to the root and clean ({@code ""} for the root itself), that
     * {@code path} names.
     *
     * @param followFinal whether a symlink in the last component is followed too
     * @throws CopyException after 255 symlinks (a loop)
     */
    public static String resolve(Path root, String path, boolean followFinal, LinkFilter filter) {
        Deque<String> pending = new ArrayDeque<>(split(PathNames.absolute(path)));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            resolved.add(part);
            boolean last = pending.isEmpty();
            if (last && !followFinal) {
                break;
            }
            Path host = host(root, resolved);
            BasicFileAttributes attrs = lstat(host);
            if (attrs == null || !attrs.isSymbolicLink()) {
                continue;
            }
            String rel = String.join("/", resolved);
            if (!filter.allow(rel)) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new CopyException("too many levels of symbolic links resolving \"" + path + "\"");
            }
            String target = readLink(host);
            resolved.remove(resolved.size() - 1);
            // like continuity's walkLink: the target is joined to the link's directory and
            // cleaned lexically (.. stops at the root), then resolved again from the root
            String joined = target.startsWith("/") ? target : "/" + String.join("/", resolved) + "/" + target;
            List<String> restart = split(PathNames.absolute(joined));
            resolved.clear();
            for (int i = restart.size() - 1; i >= 0; i--) {
                pending.addFirst(restart.get(i));
            }
        }
        return String.join("/", resolved);
    }

    /** The host path of a relative path produced by {@link #resolve}. */
    public static Path host(Path root, String relative) {
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    private static Path host(Path root, List<String> parts) {
        return host(root, String.join("/", parts));
    }

    static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            throw new CopyException("cannot read symlink " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }
}
