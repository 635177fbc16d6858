package dev.strata.builder.exec;

import dev.strata.builder.rootfs.RootPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates a missing WORKDIR inside a root (symlinks resolved inside the root, never on the host),
 * owned by the step's user as BuildKit creates it.
 */
final class Workdir {
    private Workdir() {}

    static void ensure(Path rootfs, String workdir, UserResolver.ResolvedUser user) throws IOException {
        Path dir = RootPath.resolve(rootfs, workdir);
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new ExecException("WORKDIR " + workdir + " exists but is not a directory");
        }
        Path first = dir;
        while (!Files.exists(first.getParent())) {
            first = first.getParent();
        }
        Files.createDirectories(dir);
        for (Path p = dir; p.startsWith(first); p = p.getParent()) {
            Files.setAttribute(p, "unix:uid", (int) user.uid());
            Files.setAttribute(p, "unix:gid", (int) user.gid());
        }
    }
}
