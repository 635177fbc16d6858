package dev.strata.builder.exec;

import java.util.Locale;

/**
 * How RUN commands are isolated, strongest first. {@code --isolation auto} (no value here) lets
 * {@link IsolationProbe} pick the strongest one this process can use.
 */
public enum Isolation {
    /** runc/crun with its own cgroup and namespaces: needs root with CAP_SYS_ADMIN and a writable cgroup fs. */
    OCI,
    /** runc inside a user namespace of its own (ids mapped), cgroup errors ignored: a pod's root, or a user. */
    USERNS,
    /** chroot + setuid, no namespaces and no mounts: only as isolated as the container around the build. */
    CHROOT;

    /** Parses {@code oci}, {@code userns} or {@code chroot} ({@code --isolation}). */
    public static Isolation parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "oci" -> OCI;
            case "userns" -> USERNS;
            case "chroot" -> CHROOT;
            default -> throw new IllegalArgumentException("unsupported isolation \"" + value + "\" (use auto, oci, userns or chroot)");
        };
    }

    /** The name as written on the command line. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
