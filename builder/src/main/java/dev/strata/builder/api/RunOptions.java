package dev.strata.builder.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every RUN step of a build gets, from {@code docker buildx build} flags.
 *
 * @param addHosts {@code --add-host}: lines added to each RUN's {@code /etc/hosts}
 * @param ulimits {@code --ulimit}: resource limits of each RUN's processes
 * @param shmSize {@code --shm-size} in bytes: the size of {@code /dev/shm} ({@code 0}: Docker's 64 MiB)
 * @param allow {@code --allow}: the entitlements the Dockerfile may use
 * @param ssh {@code --ssh}: agents or keys {@code RUN --mount=type=ssh} can reach
 */
public record RunOptions(List<HostEntry> addHosts, List<Ulimit> ulimits, long shmSize, Set<Entitlement> allow,
        List<SshSpec> ssh) {
    /** Docker's defaults: nothing added, nothing allowed. */
    public static final RunOptions DEFAULT = new RunOptions(List.of(), List.of(), 0, Set.of(), List.of());
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?");

    public RunOptions {
        addHosts = List.copyOf(addHosts);
        ulimits = List.copyOf(ulimits);
        if (shmSize < 0) {
            throw new IllegalArgumentException("--shm-size must not be negative");
        }
        allow = Set.copyOf(allow);
        ssh = List.copyOf(ssh);
        if (ssh.stream().map(SshSpec::id).distinct().count() != ssh.size()) {
            throw new IllegalArgumentException("duplicate --ssh id");
        }
        Objects.requireNonNull(allow, "allow");
    }

    /** Parses a {@code --shm-size} as Docker does: bytes, or a number with k, m, g (binary units), e.g. {@code 128m}. */
    public static long parseSize(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid --shm-size \"" + value + "\" (bytes, or e.g. 128m, 1g)");
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(m.group(2)) + 1);
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(2, shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("invalid --shm-size \"" + value + "\": must be at least one byte");
        }
        return (long) bytes;
    }
}
