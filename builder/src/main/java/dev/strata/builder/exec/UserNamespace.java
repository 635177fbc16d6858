package dev.strata.builder.exec;

import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.rootfs.HostCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code --isolation userns}: each step gets a user and mount namespace of its own; its root is
 * mounted there (overlayfs with {@code userxattr}, Linux 5.11+, or the copied root) and runc is
 * started there. runc then sees it runs in a user namespace: it bind-mounts device nodes instead
 * of making them, binds {@code /sys}, and with {@code --rootless true} ignores a read-only cgroup
 * file system; pivot_root, capabilities, seccomp and masked paths stay runc's.
 *
 * <p>The ids are mapped before anything is executed as root in the namespace: a program executed
 * while its uid is still unmapped loses every capability, and under {@code no_new_privs} (a pod
 * with {@code allowPrivilegeEscalation: false}) it cannot gain them back by a later exec, so runc
 * could not make its namespaces. As root with CAP_SETUID and CAP_SETGID every id this process
 * has is mapped (all but the last of 2^32 on a host: a mapping of all 2^32-1 ids would read as no
 * user namespace at all to runc; the pod's range with {@code hostUsers: false}): a holder process
 * makes the namespaces and this process writes the maps. Otherwise {@code unshare
 * --map-root-user} maps only the caller's uid and gid, as root. Commands then enter with {@code
 * nsenter}, keeping their ids. util-linux 2.38's {@code --map-users} goes through newuidmap and
 * /etc/subuid, which a pod has not (and {@code no_new_privs} disarms). Immutable; thread-safe.
 */
final class UserNamespace {
    private static final String READY = "strata-userns-ready";
    private static final long LAST_ID = 4294967294L;

    private final boolean allIds;
    private final int uid;
    private final int gid;
    private final boolean freshProc;
    private final boolean hostname;

    UserNamespace(boolean allIds, int uid, int gid, boolean freshProc, boolean hostname) {
        this.allIds = allIds;
        this.uid = uid;
        this.gid = gid;
        this.freshProc = freshProc;
        this.hostname = hostname;
    }

    static UserNamespace of(HostFacts facts) throws IOException {
        return new UserNamespace(facts.mapsAllIds(), facts.uid(), ownGid(), facts.freshProc(), facts.hostname());
    }

    static int ownGid() throws IOException {
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Gid:")).findFirst().orElse("Gid: 0 0").split("\\s+")[2]);
    }

    /** Inside a namespace that maps only the caller, root's files are the caller's on disk. */
    EntryAttributes inside(EntryAttributes onDisk) {
        if (allIds) {
            return onDisk;
        }
        return onDisk.withOwner(onDisk.uid() == uid ? 0 : onDisk.uid(), onDisk.gid() == gid ? 0 : onDisk.gid());
    }

    /** What a step cannot do here, named with the privilege and the pod setting that lift it. */
    String limits() {
        return allIds ? "" : "RUN ran in a user namespace mapping only root: chown to, or files owned by, other ids"
                + " fail there; other ids need Strata as root with CAP_SETUID and CAP_SETGID (in a pod runAsUser: 0,"
                + " ideally with hostUsers: false), or, for a user not under no_new_privs, /etc/subuid and /etc/subgid"
                + " ranges (usermod --add-subuids 100000-165535 --add-subgids 100000-165535 USER)";
    }

    /**
     * A new user and mount namespace, held open by a waiting process until {@link Session#close}:
     * the step's root is mounted and its runtime started there ({@code nsenter}), and this process
     * reaches the root through the holder's {@code /proc/PID/root}.
     */
    Session open() throws IOException {
        List<String> holder = new ArrayList<>(List.of("unshare", "--user"));
        if (!allIds) {
            holder.add("--map-root-user");
        }
        holder.addAll(List.of("--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "echo " + READY + " && read -r _", "strata-userns"));
        Process process = new ProcessBuilder(holder).redirectErrorStream(true).start();
        try {
            String first = firstLine(process.getInputStream());
            if (!first.equals(READY)) {
                throw new ExecException("cannot make a user namespace for RUN: " + first);
            }
            if (allIds) {
                Path proc = Path.of("/proc", Long.toString(process.pid()));
                Files.writeString(proc.resolve("uid_map"), mirror(Files.readString(Path.of("/proc/self/uid_map"))));
                Files.writeString(proc.resolve("gid_map"), mirror(Files.readString(Path.of("/proc/self/gid_map"))));
            }
            return new Session(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** An open namespace (see {@link #open}). Thread-safe. */
    static final class Session implements AutoCloseable {
        private final Process holder;

        private Session(Process holder) {
            this.holder = holder;
        }

        /**
         * {@code nsenter} into the namespace, keeping this process's ids: they are mapped (to root,
         * or to themselves when all ids are), so the command runs as root there with every
         * capability of the namespace, also under no_new_privs.
         */
        private List<String> enter(List<String> command) {
            List<String> entered = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid()),
                    "--user", "--mount", "--preserve-credentials", "--"));
            entered.addAll(command);
            return entered;
        }

        /** Runs a command to its end in the namespace; fails with its output when it fails. */
        void run(List<String> command, Path workingDir) throws IOException {
            // not nsenter --wd: it opens the directory before entering, and overlayfs refuses an
            // upper directory reached through another mount namespace ("failed to clone upperpath")
            List<String> inDir = new ArrayList<>(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"",
                    workingDir.toAbsolutePath().toString()));
            inDir.addAll(command);
            HostCommand.run(enter(inDir), null);
        }

        /** Runs the step's runtime in the namespace, passing its output lines on. */
        OutputPump.Result exec(List<String> command, Consumer<String> output) throws IOException {
            return OutputPump.run(enter(command), output, p -> {});
        }

        /** How this process sees {@code path} as the namespace's mounts show it. */
        Path view(Path path) {
            Path absolute = path.toAbsolutePath().normalize();
            return Path.of("/proc", Long.toString(holder.pid()), "root").resolve(absolute.getRoot().relativize(absolute));
        }

        /** Ends the namespace: its mounts go with it once nothing runs in it. */
        @Override
        public void close() {
            try {
                holder.getOutputStream().close();
            } catch (IOException ignored) {
                // the holder is gone already
            }
            holder.destroyForcibly();
            try {
                holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The ids this process has, each mapped to itself: on a host all but the last id, in a pod with
     * a user namespace of its own ({@code hostUsers: false}) the range the pod was given.
     */
    static String mirror(String ownMap) {
        StringBuilder map = new StringBuilder();
        for (String line : ownMap.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            long inside = Long.parseLong(f[0]);
            long count = Math.min(Long.parseLong(f[2]), LAST_ID - inside);
            if (count > 0) {
                map.append(inside).append(' ').append(inside).append(' ').append(count).append('\n');
            }
        }
        return map.toString();
    }

    /**
     * The mounts as a runtime inside this namespace can make them: {@code /sys} bound (sysfs needs a
     * network namespace of its own), {@code /proc} bound where a container's masked /proc makes the
     * kernel refuse a fresh one, devpts without {@code gid=5} when that group is not mapped.
     */
    List<BundleMount> adapt(List<BundleMount> mounts) {
        List<BundleMount> adapted = new ArrayList<>();
        for (BundleMount m : mounts) {
            if (m.type().equals("sysfs")) {
                adapted.add(new BundleMount(m.destination(), "bind", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
            } else if (m.type().equals("proc") && !freshProc) {
                adapted.add(new BundleMount(m.destination(), "bind", "/proc", List.of("rbind", "nosuid", "noexec", "nodev")));
            } else if (m.type().equals("devpts") && !allIds) {
                adapted.add(new BundleMount(m.destination(), m.type(), m.source(),
                        m.options().stream().filter(o -> !o.equals("gid=5")).toList()));
            } else {
                adapted.add(m);
            }
        }
        return adapted;
    }

    /**
     * The host name the step's UTS namespace gets, or null to keep the container's: a pod's seccomp
     * profile may refuse sethostname to a process without CAP_SYS_ADMIN, even in a namespace it owns.
     */
    String hostname(String wanted) {
        return hostname ? wanted : null;
    }

    /**
     * The process as this namespace can run it: when only root is mapped, a USER other than root is
     * refused and root's supplementary groups are dropped (setgroups is denied in such a namespace).
     */
    OciSpec.Process fit(OciSpec.Process process) throws ExecException {
        if (allIds) {
            return process;
        }
        if (process.user().uid() != 0 || process.user().gid() != 0) {
            throw new ExecException("USER " + process.user().uid() + ":" + process.user().gid()
                    + " cannot run in this user namespace: only root is mapped when Strata runs as a user"
                    + " without CAP_SETUID and CAP_SETGID (run Strata as root with CAP_SETUID and CAP_SETGID:"
                    + " in a pod runAsUser: 0, ideally with hostUsers: false)");
        }
        UserResolver.ResolvedUser root = new UserResolver.ResolvedUser(0, 0, List.of(), process.user().home());
        return new OciSpec.Process(process.argv(), process.env(), process.cwd(), root);
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.size() < 4096) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
