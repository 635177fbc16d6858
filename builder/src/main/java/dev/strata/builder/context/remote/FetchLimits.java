package dev.strata.builder.context.remote;

import java.time.Duration;

/**
 * What fetching one remote context may cost: its size on disk (a clone with its history, a
 * tarball, the files extracted from it) and the time a git command may take. Defaults 4 GiB and
 * 10 minutes; {@code -Dstrata.contextMaxBytes} and {@code -Dstrata.gitTimeout=SECONDS} change them.
 */
public record FetchLimits(long maxBytes, Duration gitTimeout, int maxEntries) {
    public static final String MAX_BYTES_PROPERTY = "strata.contextMaxBytes";
    public static final String GIT_TIMEOUT_PROPERTY = "strata.gitTimeout";

    public static FetchLimits defaults() {
        return new FetchLimits(Long.getLong(MAX_BYTES_PROPERTY, 4L << 30),
                Duration.ofSeconds(Long.getLong(GIT_TIMEOUT_PROPERTY, 600)), 1_000_000);
    }

    String describeBytes() {
        return maxBytes >= 1L << 30 && maxBytes % (1L << 30) == 0 ? (maxBytes >> 30) + " GiB"
                : maxBytes >= 1L << 20 && maxBytes % (1L << 20) == 0 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes";
    }
}
