package dev.strata.builder.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --isolation userns}: the runtime is started inside a user and mount namespace of its
 * own, made by {@code unshare}. runc then sees it runs in a user namespace: it bind-mounts device
 * nodes instead of making them, binds {@code /sys}, and with {@code --rootless true} ignores a
 * read-only cgroup file system; pivot_root, capabilities, seccomp and masked paths stay runc's.
 *
 * <p>The ids are mapped by this process once {@code unshare} has run (the shell in the namespace
 * says so, then waits for a line on its stdin): as root with CAP_SETUID and CAP_SETGID every id
 * but the last ({@code 0 0 4294967294}: a mapping of all 2^32-1 ids would read as no user
 * namespace at all to runc), otherwise only the caller's uid and gid, as root. util-linux 2.38's
 * {@code --map-users} goes through newuidmap and /etc/subuid, which root in a pod has not.
 * Immutable; thread-safe.
 */
final class UserNamespace {
    private static final String READY = "strata-userns-ready";
    private static final String ALL_IDS = "0 0 4294967294\n";

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
        int gid = Integer.parseInt(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Gid:")).findFirst().orElse("Gid: 0 0").split("\\s+")[2]);
        return new UserNamespace(facts.mapsAllIds(), facts.uid(), gid, facts.freshProc(), facts.hostname());
    }

    /** {@code command}, started inside a new user and mount namespace once {@link #enter} has mapped its ids. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--user", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "echo " + READY + " && read -r _ && exec \"$@\"", "strata-userns"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Waits until the wrapped command is in its namespace, maps its ids, and lets it go on. */
    void enter(Process process) throws IOException {
        String first = firstLine(process.getInputStream());
        if (!first.equals(READY)) {
            throw new ExecException("cannot make a user namespace for RUN: " + first);
        }
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        if (allIds) {
            Files.writeString(proc.resolve("uid_map"), ALL_IDS);
            Files.writeString(proc.resolve("gid_map"), ALL_IDS);
        } else {
            Files.writeString(proc.resolve("setgroups"), "deny\n");
            Files.writeString(proc.resolve("uid_map"), "0 " + uid + " 1\n");
            Files.writeString(proc.resolve("gid_map"), "0 " + gid + " 1\n");
        }
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
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
                    + " without CAP_SETUID and CAP_SETGID");
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
