package dev.strata.builder.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seccomp filter of a RUN under runc ({@code linux.seccomp} of the runtime config), after the
 * list of calls Docker documents as blocked by its default profile: kernel modules, keyrings,
 * clocks, swap, reboot, accounting, quotas, BPF and perf, NUMA policy, cross-process memory,
 * file handles, userfaultfd, and the mount and namespace calls ({@code mount}, {@code umount2},
 * {@code pivot_root}, {@code setns}, {@code unshare}, {@code clone} with a namespace flag).
 * They fail with EPERM; everything else is allowed, so apt, dpkg, useradd, chown and setuid
 * programs keep working. {@code clone3} fails with ENOSYS, as under Docker: its flags sit in
 * memory a filter cannot read, and C libraries then fall back to {@code clone}. Names a kernel or
 * architecture lacks are skipped by runc.
 */
final class SeccompProfile {
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    /** Blocked outright (Docker's documented list; ptrace and personality are allowed, as Docker now does). */
    static final List<String> BLOCKED = List.of("acct", "add_key", "bpf", "clock_adjtime", "clock_settime",
            "create_module", "delete_module", "finit_module", "fsconfig", "fsmount", "fsopen", "fspick",
            "get_kernel_syms", "get_mempolicy", "init_module", "ioperm", "iopl", "kcmp", "kexec_file_load",
            "kexec_load", "keyctl", "lookup_dcookie", "mbind", "mount", "mount_setattr", "move_mount", "move_pages",
            "name_to_handle_at", "nfsservctl", "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root",
            "process_vm_readv", "process_vm_writev", "query_module", "quotactl", "reboot", "request_key",
            "set_mempolicy", "setns", "settimeofday", "stime", "swapon", "swapoff", "sysfs", "_sysctl", "umount",
            "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vm86", "vm86old");

    /** CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET. */
    static final List<Long> NAMESPACE_FLAGS = List.of(0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L,
            0x10000000L, 0x20000000L, 0x40000000L);

    private SeccompProfile() {}

    /** The {@code linux.seccomp} object for this machine's architecture. */
    static Map<String, Object> forHost() {
        Map<String, Object> seccomp = new LinkedHashMap<>();
        seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.put("architectures", architectures(System.getProperty("os.arch", "")));
        List<Map<String, Object>> syscalls = new ArrayList<>();
        syscalls.add(rule(BLOCKED, EPERM, null));
        for (long flag : NAMESPACE_FLAGS) {
            // clone's flags are its first argument on x86 and arm: refuse it when any namespace flag is set
            syscalls.add(rule(List.of("clone"), EPERM, Map.of("index", 0, "value", flag, "valueTwo", flag,
                    "op", "SCMP_CMP_MASKED_EQ")));
        }
        syscalls.add(rule(List.of("clone3"), ENOSYS, null));
        seccomp.put("syscalls", syscalls);
        return seccomp;
    }

    static List<String> architectures(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case "aarch64", "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            default -> List.of();
        };
    }

    private static Map<String, Object> rule(List<String> names, int errno, Map<String, Object> arg) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("names", names);
        rule.put("action", "SCMP_ACT_ERRNO");
        rule.put("errnoRet", errno);
        if (arg != null) {
            rule.put("args", List.of(arg));
        }
        return rule;
    }
}
