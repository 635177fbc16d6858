package dev.strata.builder.api;

import java.util.List;
import java.util.Objects;

/**
 * One {@code --ulimit TYPE=SOFT[:HARD]} for RUN steps, in Docker's spelling; {@code -1} is unlimited.
 *
 * @param type {@code nofile}, {@code nproc}, ... (see {@link #TYPES})
 */
public record Ulimit(String type, long soft, long hard) {
    /** The types Docker accepts. */
    public static final List<String> TYPES = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    public Ulimit {
        Objects.requireNonNull(type, "type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("invalid ulimit type: " + type + " (one of " + String.join(", ", TYPES) + ")");
        }
        if (soft < -1 || hard < -1) {
            throw new IllegalArgumentException("invalid ulimit " + type + ": a limit is a number >= 0, or -1 for unlimited");
        }
        if (hard != -1 && (soft == -1 || soft > hard)) {
            throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: "
                    + soft + " > " + hard);
        }
    }

    /** Parses {@code nofile=1024:2048} or {@code nofile=1024} (soft and hard alike). */
    public static Ulimit parse(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("invalid ulimit argument: " + value + " (expected TYPE=SOFT[:HARD], e.g. nofile=1024:2048)");
        }
        String type = value.substring(0, eq);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("invalid ulimit type: " + type + " (one of " + String.join(", ", TYPES) + ")");
        }
        String limits = value.substring(eq + 1);
        int colon = limits.indexOf(':');
        long soft = number(value, colon < 0 ? limits : limits.substring(0, colon));
        long hard = colon < 0 ? soft : number(value, limits.substring(colon + 1));
        return new Ulimit(type, soft, hard);
    }

    private static long number(String value, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid ulimit argument: " + value + " (limits are numbers, -1 for unlimited)", e);
        }
    }
}
