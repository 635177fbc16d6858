package dev.strata.builder.exec;

import dev.strata.builder.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI runtime {@code config.json} for a RUN: no terminal; new mount, PID, IPC and UTS
 * namespaces (and network for {@code --network=none}); Docker's default capabilities, masked and
 * read-only paths, a seccomp filter after Docker's default profile ({@link SeccompProfile}) and
 * no_new_privs, as BuildKit runs RUN; rlimits only as {@code --ulimit} sets them (else the command inherits the
 * builder's, which it cannot exceed) and no cgroup resources (nothing that fails on hybrid cgroup hosts).
 * {@code RUN --security=insecure} gets what BuildKit's insecure mode gives: every capability the builder
 * has, no seccomp filter, no masked or read-only paths, a writable {@code /sys}, and (outside a user
 * namespace) the host's fuse, tun, loop, kvm and kmsg devices.
 */
final class OciSpec {
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Devices BuildKit's insecure mode adds, when the host has them. */
    private static final List<String> INSECURE_DEVICES = List.of("/dev/kmsg", "/dev/cuse", "/dev/fuse", "/dev/kvm",
            "/dev/net/tun", "/dev/loop-control", "/dev/loop0", "/dev/loop1", "/dev/loop2", "/dev/loop3", "/dev/loop4",
            "/dev/loop5", "/dev/loop6", "/dev/loop7");

    /** The kernel file systems every container gets, before the step's own mounts. */
    static final List<BundleMount> SYSTEM_MOUNTS = List.of(
            new BundleMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            new BundleMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new BundleMount("/dev/pts", "devpts", "devpts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new BundleMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
            new BundleMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
            new BundleMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));

    private OciSpec() {}

    /** {@link #SYSTEM_MOUNTS} with the sandbox's {@code /dev/shm} size, and {@code /sys} writable in insecure mode. */
    static List<BundleMount> systemMounts(Sandbox sandbox) {
        List<BundleMount> mounts = new ArrayList<>();
        for (BundleMount m : SYSTEM_MOUNTS) {
            if (m.destination().equals("/dev/shm") && sandbox.shmSize() > 0) {
                mounts.add(new BundleMount(m.destination(), m.type(), m.source(), m.options().stream()
                        .map(o -> o.startsWith("size=") ? "size=" + sandbox.shmBytes() : o).toList()));
            } else if (m.type().equals("sysfs") && sandbox.insecure()) {
                mounts.add(new BundleMount(m.destination(), m.type(), m.source(), m.options().stream()
                        .map(o -> o.equals("ro") ? "rw" : o).toList()));
            } else {
                mounts.add(m);
            }
        }
        return mounts;
    }

    /** The process a RUN starts. */
    record Process(List<String> argv, List<String> env, String cwd, UserResolver.ResolvedUser user) {}

    /**
     * Writes {@code bundle/config.json} for the root file system at the absolute path {@code rootfs};
     * a null {@code hostname} keeps the one the runtime inherits.
     */
    static void write(Path bundle, Path rootfs, Process process, String hostname, Network network, List<BundleMount> mounts)
            throws IOException {
        write(bundle, rootfs, process, hostname, network, mounts, Sandbox.DEFAULT, false);
    }

    /** As above, in {@code sandbox}; {@code userNamespace}: the runtime runs in a user namespace (no host devices). */
    static void write(Path bundle, Path rootfs, Process process, String hostname, Network network, List<BundleMount> mounts,
            Sandbox sandbox, boolean userNamespace) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ociVersion", "1.0.2");
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", process.user().uid());
        user.put("gid", process.user().gid());
        user.put("additionalGids", process.user().additionalGids());
        Map<String, Object> proc = new LinkedHashMap<>();
        proc.put("terminal", false);
        proc.put("user", user);
        proc.put("args", process.argv());
        proc.put("env", process.env());
        proc.put("cwd", process.cwd());
        if (sandbox.insecure()) {
            List<String> all = InsecureCapabilities.current();
            proc.put("capabilities", Map.of("bounding", all, "effective", all, "permitted", all, "inheritable", all,
                    "ambient", all));
        } else {
            proc.put("capabilities", Map.of("bounding", CAPABILITIES, "effective", CAPABILITIES, "permitted", CAPABILITIES));
            proc.put("noNewPrivileges", true);
        }
        if (!sandbox.rlimits().isEmpty()) {
            proc.put("rlimits", sandbox.rlimits().stream().map(r -> Map.of("type", "RLIMIT_" + r.type().toUpperCase(java.util.Locale.ROOT),
                    "soft", unsigned(r.soft()), "hard", unsigned(r.hard()))).toList());
        }
        config.put("process", proc);
        config.put("root", Map.of("path", rootfs.toAbsolutePath().toString(), "readonly", false));
        if (hostname != null) {
            config.put("hostname", hostname);
        }
        List<Map<String, Object>> mountList = new ArrayList<>();
        for (BundleMount m : mounts) {
            mountList.add(Map.of("destination", m.destination(), "type", m.type(), "source", m.source(),
                    "options", m.options()));
        }
        config.put("mounts", mountList);
        List<Map<String, String>> namespaces = new ArrayList<>(List.of(Map.of("type", "pid"), Map.of("type", "ipc"),
                Map.of("type", "uts"), Map.of("type", "mount")));
        if (network == Network.NONE) {
            namespaces.add(Map.of("type", "network"));
        }
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", namespaces);
        if (sandbox.insecure()) {
            if (!userNamespace) {
                linux.put("devices", InsecureCapabilities.devices(INSECURE_DEVICES));
                linux.put("resources", Map.of("devices", List.of(Map.of("allow", true, "access", "rwm"))));
            }
            config.put("linux", linux);
            Files.write(bundle.resolve("config.json"), Json.bytes(Json.tree(config)));
            return;
        }
        linux.put("maskedPaths", List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/sys/firmware"));
        linux.put("seccomp", SeccompProfile.forHost());
        linux.put("readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
        config.put("linux", linux);
        Files.write(bundle.resolve("config.json"), Json.bytes(Json.tree(config)));
    }

    /** An rlimit value as the runtime reads it: an unsigned 64-bit number, -1 being infinity. */
    private static java.math.BigInteger unsigned(long value) {
        return new java.math.BigInteger(Long.toUnsignedString(value));
    }
}
