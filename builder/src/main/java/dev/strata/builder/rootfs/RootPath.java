package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path as a process chrooted into {@code root} would see it, but on the host: symlinks
 * are followed with {@code root} as {@code /}, so {@code ..} and absolute link targets never leave
 * the root (like Go's securejoin). Missing components are kept as names. Used to read {@code
 * /etc/passwd} and to find mount points and WORKDIR in a root filesystem without touching the host.
 */
public final class RootPath {
    private static final int MAX_LINKS = 255;

    private RootPath() {}

    /** The host path of container path {@code path} (absolute or relative to {@code /}) in {@code root}. */
    public static Path resolve(Path root, String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, path);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = join(root, resolved).resolve(part);
            BasicFileAttributes attrs = SafeTree.attributesOrNull(candidate);
            if (attrs != null && attrs.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links resolving " + path + " in " + root);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                push(pending, target);
                continue;
            }
            resolved.addLast(part);
        }
        return join(root, resolved);
    }

    /** Whether {@code path} exists in {@code root} (after resolving symlinks inside the root). */
    public static boolean exists(Path root, String path) throws IOException {
        return SafeTree.attributesOrNull(resolve(root, path)) != null;
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> parts) {
        Path result = root;
        for (String part : parts) {
            result = result.resolve(part);
        }
        return result;
    }
}
