package dev.strata.builder.exec;

import dev.strata.builder.rootfs.OverlayMount;
import dev.strata.builder.rootfs.RootPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code --isolation chroot}: {@code unshare --mount --pid --ipc --uts --fork} (plus {@code --net}
 * for {@code --network=none}), the step's mounts made inside that namespace by the host's
 * {@code mount}, then {@code unshare --root --wd} into the root as the step's user. Weaker than an
 * OCI runtime (all capabilities, no masked paths, supplementary groups dropped), for hosts without
 * one. Mount points are created by the JVM beforehand, resolved inside the root, so no symlink of
 * the root leads a mount onto the host. Thread-safe.
 */
final class ChrootRunner implements Runner {
    private static final String SCRIPT = String.join("\n",
            "set -e",
            "R=$1; echo \"$2\" > /proc/sys/kernel/hostname; shift 2",
            "while [ \"$1\" != -- ]; do",
            "  case $1 in",
            "    bind) mount --rbind \"$2\" \"$3\"; case ,$4, in *,ro,*) mount -o remount,bind,ro \"$3\";; esac;;",
            "    tmpfs) mount -t tmpfs -o \"$4\" tmpfs \"$3\"",
            "      if [ \"$3\" = \"$R/dev\" ]; then",
            "        mknod -m 666 \"$3/null\" c 1 3; mknod -m 666 \"$3/zero\" c 1 5; mknod -m 666 \"$3/full\" c 1 7",
            "        mknod -m 666 \"$3/random\" c 1 8; mknod -m 666 \"$3/urandom\" c 1 9; mknod -m 666 \"$3/tty\" c 5 0",
            "        ln -s /proc/self/fd \"$3/fd\"; ln -s /proc/self/fd/0 \"$3/stdin\"",
            "        ln -s /proc/self/fd/1 \"$3/stdout\"; ln -s /proc/self/fd/2 \"$3/stderr\"",
            "        mkdir \"$3/pts\" \"$3/shm\" \"$3/mqueue\"",
            "      fi;;",
            "    *) mount -t \"$1\" -o \"$4\" \"$2\" \"$3\";;",
            "  esac",
            "  shift 4",
            "done",
            "shift",
            "exec \"$@\"");

    @Override
    public OutputPump.Result run(Step step, Consumer<String> output) throws IOException {
        Path rootfs = step.bundle().resolve("rootfs");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--ipc", "--uts", "--fork",
                "--propagation", "private"));
        if (step.request().network() == Network.NONE) {
            command.add("--net");
        }
        command.addAll(List.of("--", "/bin/sh", "-c", SCRIPT, "strata-chroot", rootfs.toString(), step.request().hostname()));
        for (BundleMount mount : step.mounts()) {
            command.addAll(List.of(mount.type(), mount.source(), mountPoint(rootfs, mount), String.join(",", mount.options())));
        }
        command.add("--");
        command.addAll(List.of("env", "-i"));
        command.addAll(step.process().env());
        command.addAll(List.of("unshare", "--root=" + rootfs, "--wd=" + step.process().cwd(),
                "--setgid", String.valueOf(step.process().user().gid()),
                "--setuid", String.valueOf(step.process().user().uid()), "--"));
        command.addAll(step.process().argv());
        return OutputPump.run(command, output, p -> {});
    }

    /** Creates the mount point in the root (dev's children come with its tmpfs) and returns its host path. */
    private static String mountPoint(Path rootfs, BundleMount mount) throws IOException {
        Path point = RootPath.resolve(rootfs, mount.destination());
        boolean insideDev = mount.destination().startsWith("/dev/");
        if (!insideDev && !Files.exists(point)) {
            Files.createDirectories(point.getParent());
            if (mount.isFileBind()) {
                Files.createFile(point);
            } else {
                Files.createDirectory(point);
            }
        }
        return point.toString();
    }

    @Override
    public void emergencyStop(String containerId, Path rootfs) {
        try {
            OverlayMount.unmount(rootfs);
        } catch (IOException ignored) {
            // not mounted any more
        }
    }
}
