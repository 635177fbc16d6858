package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device nodes and FIFOs waiting to be created. The JVM cannot call mknod(2), so they are made in
 * one batch by the host's {@code mknod} at the end of a layer. Where mknod is refused (a non-root
 * builder, overlayfs, a pod without CAP_MKNOD) a node is skipped and reported in the {@link
 * Result}: Strata never re-tars base layers, and a RUN step gets its own {@code /dev} from its
 * runtime, so a missing {@code /dev/null} in a lower directory is never seen. Overlay whiteouts
 * are never device nodes here (see {@link Xattrs#isWhiteout}). Not thread-safe.
 */
final class DeviceNodes {
    /**
     * A node to create: {@code type} is {@code c}, {@code b} or {@code p}. Its owner, mode and
     * mtime are set by the same batch: the JVM would open the node to set them, which blocks on a FIFO.
     */
    record Node(Path path, char type, int major, int minor, int mode, long uid, long gid, long mtimeSeconds) {}

    /** What the batch could not do: nodes not created, and whether a chown was refused. */
    record Result(List<Node> skipped, boolean ownersRefused) {
        static final Result NOTHING = new Result(List.of(), false);
    }

    private final Map<String, Node> pending = new LinkedHashMap<>();
    /** Where each pending node's directory really was when it was added. */
    private final Map<String, Path> directories = new HashMap<>();

    void add(String rel, Node node) throws IOException {
        pending.put(rel, node);
        directories.put(rel, node.path().getParent().toRealPath());
    }

    /** Forgets a pending node at {@code rel} or any of its parents (a later entry replaced it). */
    void forget(String rel) {
        if (pending.isEmpty()) {
            return;
        }
        String current = rel;
        while (true) {
            pending.remove(current);
            int slash = current.lastIndexOf('/');
            if (slash < 0) {
                return;
            }
            current = current.substring(0, slash);
        }
    }

    boolean isPending(String rel) {
        return pending.containsKey(rel);
    }

    /**
     * Whether {@code node}'s directory is still the one it was added to. Nodes are made after a
     * whole tree was copied, and a later layer (an earlier RUN's result) may have replaced their
     * directory by a symlink meanwhile, which mknod would follow, out of the tree: such a node, like
     * one whose directory was deleted, is not part of the tree any more and is not made.
     */
    private static boolean sameDirectory(Node node, Path directory) {
        try {
            return node.path().getParent().toRealPath().equals(directory);
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Creates every pending node with one process and forgets them; {@code chown=false} leaves
     * them to the builder's own user (an earlier chown was refused already).
     */
    Result create(boolean chown) throws IOException {
        if (pending.isEmpty()) {
            return Result.NOTHING;
        }
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Node> entry : pending.entrySet()) {
            if (sameDirectory(entry.getValue(), directories.get(entry.getKey()))) {
                nodes.add(entry.getValue());
            }
        }
        pending.clear();
        directories.clear();
        if (nodes.isEmpty()) {
            return Result.NOTHING;
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "i=0; while [ $# -gt 0 ]; do"
                        + " if [ \"$2\" = p ]; then mknod -m \"$5\" -- \"$1\" p; else mknod -m \"$5\" -- \"$1\" \"$2\" \"$3\" \"$4\"; fi"
                        + " 2>/dev/null || { echo \"skipped $i\"; i=$((i+1)); shift 7; continue; };"
                        + " if [ -n \"$6\" ]; then chown -h \"$6\" -- \"$1\" 2>/dev/null || echo refused; fi;"
                        + " touch -h -d \"@$7\" -- \"$1\" || exit 1; i=$((i+1)); shift 7; done", "mknod"));
        for (Node node : nodes) {
            command.addAll(List.of(node.path().toString(), String.valueOf(node.type()),
                    String.valueOf(node.major()), String.valueOf(node.minor()), Integer.toOctalString(node.mode()),
                    chown ? node.uid() + ":" + node.gid() : "", String.valueOf(node.mtimeSeconds())));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("cannot create device nodes: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating device nodes", e);
        }
        List<Node> skipped = new ArrayList<>();
        boolean refused = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("skipped ")) {
                skipped.add(nodes.get(Integer.parseInt(line.substring("skipped ".length()).strip())));
            } else if (line.equals("refused")) {
                refused = true;
            }
        }
        return new Result(skipped, refused);
    }
}
