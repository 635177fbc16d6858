package dev.strata.builder.exec;

import java.util.List;
import java.util.Objects;

/**
 * How one RUN's sandbox differs from the default one: lines added to its {@code /etc/hosts}
 * ({@code --add-host}), resource limits ({@code --ulimit}), the size of {@code /dev/shm}
 * ({@code --shm-size}) and {@code RUN --security=insecure}.
 *
 * @param hosts {@code IP<tab>HOST} lines, in order
 * @param shmSize bytes; {@code 0}: Docker's 64 MiB
 * @param insecure all capabilities, no seccomp filter, no masked paths (BuildKit's insecure mode)
 */
public record Sandbox(List<String> hosts, List<Rlimit> rlimits, long shmSize, boolean insecure) {
    /** Nothing added. */
    public static final Sandbox DEFAULT = new Sandbox(List.of(), List.of(), 0, false);

    /** Docker's /dev/shm size. */
    static final long DEFAULT_SHM = 64L << 20;

    /**
     * One resource limit; {@code -1} is unlimited.
     *
     * @param type the lower-case name after {@code RLIMIT_} ({@code nofile}, {@code nproc}, ...)
     */
    public record Rlimit(String type, long soft, long hard) {
        public Rlimit {
            Objects.requireNonNull(type, "type");
        }
    }

    public Sandbox {
        hosts = List.copyOf(hosts);
        rlimits = List.copyOf(rlimits);
    }

    public Sandbox withInsecure(boolean value) {
        return new Sandbox(hosts, rlimits, shmSize, value);
    }

    long shmBytes() {
        return shmSize > 0 ? shmSize : DEFAULT_SHM;
    }
}
