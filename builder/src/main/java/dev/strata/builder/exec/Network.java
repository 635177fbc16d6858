package dev.strata.builder.exec;

import java.util.Locale;

/** The network a RUN command sees: the host's, or none (a new network namespace with only loopback). */
public enum Network {
    HOST,
    NONE;

    /** Parses {@code host}, {@code none} (and {@code default}, which is host) as in {@code RUN --network=}. */
    public static Network parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "host", "default" -> HOST;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unsupported network mode \"" + value + "\" (use host or none)");
        };
    }
}
