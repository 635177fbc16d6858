package dev.strata.builder.exec;

import dev.strata.builder.rootfs.Trees;
import dev.strata.builder.rootfs.OverlayMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Undoes one RUN step's set-up exactly once, whether the step ends, fails, or the JVM is stopped
 * (the shutdown hook and the step's own {@code finally} may both get here; the second waits for
 * the first and does nothing). The step directory is deleted only when nothing is mounted below
 * it any more, so a failed unmount can never lead to deleting through a mount. Thread-safe.
 */
final class StepCleanup {
    private final Path runDir;
    private final StepMounts mounts;
    private OverlayMount rootMount;
    private UserNamespace.Session namespace;
    private boolean done;

    StepCleanup(Path runDir, StepMounts mounts) {
        this.runDir = runDir;
        this.mounts = mounts;
    }

    synchronized void mounted(OverlayMount mount) {
        rootMount = mount;
    }

    /** The step's user namespace ({@code userns}): its root is mounted there and goes when it ends. */
    synchronized void opened(UserNamespace.Session session) {
        namespace = session;
    }

    /** Unmounts the step's root (after the command, before reading the upper directory). */
    synchronized void unmountRoot() throws IOException {
        if (namespace != null) {
            UserNamespace.Session session = namespace;
            namespace = null;
            session.close();
        }
        if (rootMount != null) {
            OverlayMount mount = rootMount;
            rootMount = null;
            mount.close();
        }
    }

    /** The step succeeded: release its mounts and locks, keep its directory (the diff). */
    synchronized void keep() throws IOException {
        done = true;
        unmountRoot();
        mounts.close();
    }

    /** The step failed or the JVM stops: release everything and delete the step's directory. */
    synchronized void discard() throws IOException {
        if (done) {
            return;
        }
        done = true;
        IOException failure = null;
        try {
            unmountRoot();
        } catch (IOException e) {
            failure = e;
        }
        try {
            mounts.close();
        } catch (IOException e) {
            failure = e;
        }
        if (!hasMountsBelow(runDir)) {
            Trees.delete(runDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static boolean hasMountsBelow(Path dir) throws IOException {
        String prefix = " " + dir.toAbsolutePath() + "/";
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(line -> line.contains(prefix));
    }
}
