package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code RUN --security=insecure} adds in an OCI runtime config: every capability the builder
 * itself holds (as BuildKit asks containerd for the current set; a capability the builder lacks
 * could not be granted anyway), and host devices.
 */
final class InsecureCapabilities {
    private static final List<String> NAMES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
            "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",
            "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
            "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    private InsecureCapabilities() {}

    /** The names ({@code CAP_...}) of the capabilities in this process's effective set. */
    static List<String> current() throws IOException {
        long mask = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        }
        List<String> caps = new ArrayList<>();
        for (int bit = 0; bit < NAMES.size(); bit++) {
            if ((mask & (1L << bit)) != 0) {
                caps.add("CAP_" + NAMES.get(bit));
            }
        }
        return caps;
    }

    /** The OCI {@code linux.devices} entries for those of {@code paths} that are character or block devices here. */
    static List<Map<String, Object>> devices(List<String> paths) throws IOException {
        List<Map<String, Object>> devices = new ArrayList<>();
        for (String path : paths) {
            Path host = Path.of(path);
            if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            int mode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int kind = mode & 0170000;
            if (kind != 0020000 && kind != 0060000) {
                continue;
            }
            long rdev = ((Number) Files.getAttribute(host, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("path", path);
            device.put("type", kind == 0020000 ? "c" : "b");
            device.put("major", ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
            device.put("minor", (rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
            device.put("fileMode", mode & 07777);
            device.put("uid", 0);
            device.put("gid", 0);
            devices.add(device);
        }
        return devices;
    }
}
