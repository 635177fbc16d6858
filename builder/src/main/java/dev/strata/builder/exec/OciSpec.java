package dev.strata.builder.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI runtime {@code config.json} for a RUN: no terminal; new mount, PID, IPC and UTS
 * namespaces (and network for {@code --network=none}); Docker's default capabilities, masked and
 * read-only paths, a seccomp filter after Docker's default profile ({@link SeccompProfile}) and
 * no_new_privs, as BuildKit runs RUN; no rlimits (the command inherits the builder's, which it cannot exceed) and no
 * cgroup resources (nothing that fails on hybrid cgroup hosts).
 */
final class OciSpec {
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

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

    /** The process a RUN starts. */
    record Process(List<String> argv, List<String> env, String cwd, UserResolver.ResolvedUser user) {}

    /**
     * Writes {@code bundle/config.json} for the root file system at the absolute path {@code rootfs};
     * a null {@code hostname} keeps the one the runtime inherits.
     */
    static void write(Path bundle, Path rootfs, Process process, String hostname, Network network, List<BundleMount> mounts)
            throws IOException {
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
        proc.put("capabilities", Map.of("bounding", CAPABILITIES, "effective", CAPABILITIES, "permitted", CAPABILITIES));
        proc.put("noNewPrivileges", true);
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
        linux.put("maskedPaths", List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/sys/firmware"));
        linux.put("seccomp", SeccompProfile.forHost());
        linux.put("readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
        config.put("linux", linux);
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(), config);
    }
}
