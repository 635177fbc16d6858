package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device nodes, FIFOs and overlay whiteouts (0:0 character devices) waiting to be created. The JVM
 * cannot call mknod(2), so they are made in one batch by the host's {@code mknod} at the end of a
 * layer. Not thread-safe.
 */
final class DeviceNodes {
    /**
     * A node to create: {@code type} is {@code c}, {@code b} or {@code p}. Its owner, mode and
     * mtime are set by the same batch: the JVM would open the node to set them, which blocks on a FIFO.
     */
    record Node(Path path, char type, int major, int minor, int mode, long uid, long gid, long mtimeSeconds) {
        static Node whiteout(Path path) {
            return new Node(path, 'c', 0, 0, 0, 0, 0, 0);
        }
    }

    private final Map<String, Node> pending = new LinkedHashMap<>();

    void add(String rel, Node node) {
        pending.put(rel, node);
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

    void clear() {
        pending.clear();
    }

    boolean isPending(String rel) {
        return pending.containsKey(rel);
    }

    List<Node> nodes() {
        return List.copyOf(pending.values());
    }

    /** Creates every pending node with one process; throws naming the first failure. */
    void create() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "while [ $# -gt 0 ]; do"
                        + " if [ \"$2\" = p ]; then mknod -m \"$5\" -- \"$1\" p; else mknod -m \"$5\" -- \"$1\" \"$2\" \"$3\" \"$4\"; fi"
                        + " && chown -h \"$6\" -- \"$1\" && touch -h -d \"@$7\" -- \"$1\" || exit 1; shift 7; done", "mknod"));
        for (Node node : pending.values()) {
            command.addAll(List.of(node.path().toString(), String.valueOf(node.type()),
                    String.valueOf(node.major()), String.valueOf(node.minor()), Integer.toOctalString(node.mode()),
                    node.uid() + ":" + node.gid(), String.valueOf(node.mtimeSeconds())));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("cannot create device nodes (mknod needs CAP_MKNOD): " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating device nodes", e);
        }
    }
}
