package dev.strata.builder.exec;

import dev.strata.builder.rootfs.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks how RUN steps are isolated: {@link #observe} gathers {@link HostFacts} once per build,
 * {@link #decide} (a pure function of them) picks the strongest {@link Isolation} they allow and
 * says why. Outside a container {@code auto} never falls to {@code chroot}: a missing runtime is
 * an error there, never a silent downgrade.
 */
public final class IsolationProbe {
    private IsolationProbe() {}

    /** The mode a build uses and why, as the progress line shows it: {@code userns (cgroups read-only, no CAP_SYS_ADMIN)}. */
    public record Decision(Isolation isolation, String reason) {
        public String describe() {
            return isolation.flag() + " (" + reason + ")";
        }
    }

    /** The mode for {@code asked} ({@code --isolation}; empty for auto) given {@code facts}. */
    public static Decision decide(HostFacts facts, Optional<Isolation> asked) throws ExecException {
        if (asked.isPresent()) {
            return forced(facts, asked.get());
        }
        List<String> notOci = whyNotOci(facts);
        if (notOci.isEmpty()) {
            return new Decision(Isolation.OCI, "root with CAP_SYS_ADMIN, cgroups writable");
        }
        if (facts.runtimeFound() && facts.userns()) {
            return new Decision(Isolation.USERNS, String.join(", ", notOci) + (facts.mapsAllIds() ? ""
                    : "; only uid " + facts.uid() + " is mapped, as root: other ids fail in RUN"
                            + (facts.root() ? "" : " (give this user /etc/subuid and /etc/subgid ranges for more)")));
        }
        if (facts.container().isEmpty()) {
            if (!facts.runtimeFound()) {
                throw new ExecException("no OCI runtime found and this is not a container: install runc (or pass --runtime PATH),"
                        + " or pass --isolation chroot knowingly (RUN then has no namespaces: it can reach this machine)");
            }
            throw new ExecException("RUN cannot be isolated here (" + String.join(", ", notOci) + "; user namespaces: "
                    + facts.usernsRefusal() + "): run as root with CAP_SYS_ADMIN, allow user namespaces,"
                    + " or pass --isolation chroot knowingly (RUN then has no namespaces: it can reach this machine)");
        }
        List<String> chrootMissing = chrootMissing(facts);
        String userns = facts.runtimeFound() ? "user namespaces refused: " + facts.usernsRefusal() : "no runc found";
        if (chrootMissing.isEmpty()) {
            return new Decision(Isolation.CHROOT, userns + "; no namespaces: only as isolated as the container ("
                    + facts.container().get() + ")");
        }
        throw new ExecException("no RUN isolation works in this container: " + userns + ", and chroot needs "
                + String.join(", ", chrootMissing) + "; " + remedy(facts));
    }

    private static Decision forced(HostFacts facts, Isolation asked) throws ExecException {
        switch (asked) {
            case OCI -> {
                if (!facts.runtimeFound()) {
                    throw new ExecException("no OCI runtime found (install runc, pass --runtime PATH, or use --isolation userns or chroot)");
                }
                return new Decision(asked, "--isolation oci");
            }
            case USERNS -> {
                if (!facts.runtimeFound()) {
                    throw new ExecException("--isolation userns runs runc inside the namespace: install runc or pass --runtime PATH");
                }
                if (!facts.userns()) {
                    throw new ExecException("--isolation userns: user namespaces are refused here (" + facts.usernsRefusal()
                            + "); " + remedy(facts));
                }
                return new Decision(asked, "--isolation userns");
            }
            default -> {
                return new Decision(asked, "--isolation chroot; no namespaces: only as isolated as "
                        + facts.container().map(c -> "the container (" + c + ")").orElse("this machine"));
            }
        }
    }

    private static List<String> whyNotOci(HostFacts facts) {
        List<String> why = new ArrayList<>();
        if (!facts.runtimeFound()) {
            why.add("no runc found");
        }
        if (!facts.cgroupsWritable()) {
            why.add("cgroups read-only");
        }
        if (!facts.initialUserNamespace()) {
            why.add("in a user namespace");
        }
        if (!facts.root()) {
            why.add("not root");
        } else if (!facts.has(HostFacts.CAP_SYS_ADMIN)) {
            why.add("no CAP_SYS_ADMIN");
        }
        return why;
    }

    private static List<String> chrootMissing(HostFacts facts) {
        List<String> missing = new ArrayList<>();
        if (!facts.root()) {
            missing.add("root (runAsUser: 0)");
        }
        if (!facts.has(HostFacts.CAP_SYS_CHROOT)) {
            missing.add("CAP_SYS_CHROOT");
        }
        if (!facts.has(HostFacts.CAP_SETUID)) {
            missing.add("CAP_SETUID");
        }
        if (!facts.has(HostFacts.CAP_SETGID)) {
            missing.add("CAP_SETGID");
        }
        return missing;
    }

    /** The pod setting that grants user namespaces, from what refused them. */
    private static String remedy(HostFacts facts) {
        if (!facts.runtimeFound()) {
            return "install runc in the image";
        }
        if (facts.seccomp() && facts.usernsRefusal().contains("not permitted")) {
            return "allow unshare: securityContext.seccompProfile.type: Unconfined (or a profile allowing unshare and mount),"
                    + " or give the container CAP_SYS_ADMIN, ideally with hostUsers: false";
        }
        return "enable user namespaces (sysctl user.max_user_namespaces > 0) or run the pod with hostUsers: false"
                + " and CAP_SYS_ADMIN";
    }

    /** Observes this process and machine; {@code scratch} is an empty directory the probe may mount on. */
    public static HostFacts observe(boolean runtimeFound, Path scratch) throws IOException {
        Map<String, String> status = ProcessStatus.fields();
        int uid = Integer.parseInt(status.getOrDefault("Uid", "0 0").split("\\s+")[1]);
        long caps = Long.parseUnsignedLong(status.getOrDefault("CapEff", "0"), 16);
        boolean seccomp = !status.getOrDefault("Seccomp", "0").equals("0");
        List<String> probe = usernsProbe(scratch);
        boolean userns = probe.contains("mount-ok");
        String refusal = userns ? "" : probe.stream().filter(l -> !l.isBlank()).findFirst().orElse("refused");
        return new HostFacts(uid, caps, container(), runtimeFound, uid == 0 && cgroupsWritable(), userns, refusal,
                probe.contains("proc-ok"), probe.contains("hostname-ok"), seccomp, initialUserNamespace());
    }

    /**
     * Why this looks like a container, first hint found: the {@code container} environment variable
     * (podman, systemd-nspawn), {@code /run/.containerenv} (podman), {@code /.dockerenv} (Docker),
     * a container manager's path in {@code /proc/1/cgroup} (cgroup v1 hosts), or an overlay root
     * file system in {@code /proc/self/mountinfo}.
     */
    static Optional<String> container() throws IOException {
        String env = System.getenv("container");
        if (env != null && !env.isEmpty()) {
            return Optional.of("container=" + env);
        }
        for (String marker : List.of("/run/.containerenv", "/.dockerenv")) {
            if (Files.exists(Path.of(marker))) {
                return Optional.of(marker);
            }
        }
        Path cgroup = Path.of("/proc/1/cgroup");
        if (Files.isReadable(cgroup)) {
            for (String line : Files.readAllLines(cgroup)) {
                for (String manager : List.of("kubepods", "docker", "libpod", "containerd", "lxc")) {
                    if (line.contains(manager)) {
                        return Optional.of("/proc/1/cgroup: " + manager);
                    }
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length > 4 && f[4].equals("/") && dash > 0 && dash + 1 < f.length && f[dash + 1].equals("overlay")) {
                return Optional.of("overlay root file system");
            }
        }
        return Optional.empty();
    }

    /** The machine's own user namespace maps every id to itself, all 2^32-1 of them. */
    static boolean initialUserNamespace() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/uid_map"));
        return lines.size() == 1 && List.of(lines.get(0).trim().split("\\s+")).equals(List.of("0", "0", "4294967295"));
    }

    private static boolean cgroupsWritable() throws IOException {
        boolean any = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 3 && (f[2].equals("cgroup") || f[2].equals("cgroup2"))) {
                any = true;
                if (List.of(f[3].split(",")).contains("ro")) {
                    return false;
                }
            }
        }
        return any;
    }

    /** Makes a user, mount, PID and UTS namespace and mounts a tmpfs in it, then tries a host name and a procfs. */
    private static List<String> usernsProbe(Path scratch) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("userns"));
        try {
            Process process = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "--pid", "--uts", "--fork",
                    "--propagation", "private", "--", "/bin/sh", "-c",
                    "mount -t tmpfs tmpfs \"$1\" && echo mount-ok && { hostname strata-probe 2>/dev/null && echo hostname-ok; "
                            + "mount -t proc proc \"$1\" && echo proc-ok; }", "sh",
                    dir.toString()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            process.waitFor();
            return List.of(output.split("\n"));
        } catch (IOException e) {
            return List.of("cannot run unshare: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while probing user namespaces", e);
        } finally {
            Trees.delete(dir);
        }
    }
}
