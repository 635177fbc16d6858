package dev.strata.builder.exec;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IsolationProbe} observed about this process, the inputs of its decision.
 *
 * @param uid the effective user id
 * @param capabilities the effective capability mask ({@code CapEff} in {@code /proc/self/status})
 * @param container why this looks like a container ({@code /.dockerenv}, ...), empty when it does not
 * @param runtimeFound whether runc or crun was found
 * @param cgroupsWritable whether the cgroup file systems are mounted read-write
 * @param userns whether a user namespace with a mount namespace could be made and mounted in
 * @param usernsRefusal the error when it could not ({@code unshare failed: Operation not permitted})
 * @param freshProc whether a fresh procfs could be mounted there (refused when the container masks /proc)
 * @param hostname whether the host name could be set in a UTS namespace made there (a pod's seccomp
 *     profile may refuse sethostname without CAP_SYS_ADMIN)
 * @param seccomp whether a seccomp filter already applies to this process
 * @param initialUserNamespace whether this process is in the machine's own user namespace: root in
 *     another one (a pod with {@code hostUsers: false}, or Strata re-started in a namespace of its
 *     /etc/subuid ids) has capabilities only there, so runc cannot make its cgroup
 */
public record HostFacts(int uid, long capabilities, Optional<String> container, boolean runtimeFound,
        boolean cgroupsWritable, boolean userns, String usernsRefusal, boolean freshProc, boolean hostname, boolean seccomp,
        boolean initialUserNamespace) {
    static final int CAP_SETGID = 6;
    static final int CAP_SETUID = 7;
    static final int CAP_SYS_CHROOT = 18;
    static final int CAP_SYS_ADMIN = 21;

    public HostFacts {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(usernsRefusal, "usernsRefusal");
    }

    boolean root() {
        return uid == 0;
    }

    boolean has(int capability) {
        return (capabilities & (1L << capability)) != 0;
    }

    /** Whether all ids can be mapped into a user namespace (root with CAP_SETUID and CAP_SETGID). */
    boolean mapsAllIds() {
        return root() && has(CAP_SETUID) && has(CAP_SETGID);
    }
}
