package dev.strata.builder.api;

import java.util.Locale;

/** How new layers are compressed. */
public enum Compression {
    GZIP,
    ZSTD;

    /** {@code gzip} or {@code zstd}, case-insensitive. */
    public static Compression parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            default -> throw new IllegalArgumentException(
                    "unknown compression \"" + text + "\" (expected gzip or zstd)");
        };
    }
}
