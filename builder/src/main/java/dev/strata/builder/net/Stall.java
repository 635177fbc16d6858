package dev.strata.builder.net;

import java.time.Duration;
import java.util.Objects;

/**
 * When a transfer counts as stalled: fewer than {@code minBytes} arrived during {@code window}
 * (nothing at all, or a trickle such as a few bytes a second, which a plain read timeout never
 * catches). The window is also the socket read timeout.
 *
 * @param window how long to wait for progress
 * @param minBytes the progress expected per window
 */
public record Stall(Duration window, long minBytes) {
    /** The system property that sets the window, in seconds ({@code -Dstrata.stallTimeout=5}). */
    public static final String PROPERTY = "strata.stallTimeout";
    /** Less than this in a whole window is no download at all: 17 bytes a second for 60 s. */
    public static final long MIN_BYTES = 1024;
    private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    public Stall {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("stall window must be positive, got " + window);
        }
        if (minBytes < 0) {
            throw new IllegalArgumentException("minBytes must not be negative, got " + minBytes);
        }
    }

    /**
     * 60 s, or the seconds of {@value #PROPERTY}; at least {@value #MIN_BYTES} bytes per window. A
     * value that is not a positive number of seconds is ignored (the default applies): this runs
     * while classes initialise, where an exception would hide what was wrong.
     */
    public static Stall defaults() {
        String value = System.getProperty(PROPERTY);
        if (value != null && !value.isBlank()) {
            try {
                long millis = Math.round(Double.parseDouble(value.strip()) * 1000);
                if (millis > 0) {
                    return new Stall(Duration.ofMillis(millis), MIN_BYTES);
                }
            } catch (NumberFormatException notANumber) {
                // the default below
            }
        }
        return new Stall(DEFAULT_WINDOW, MIN_BYTES);
    }

    /** The window in milliseconds, for socket timeouts (at least 1). */
    public int windowMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, window.toMillis()));
    }

    /** {@code 60s}, {@code 1.5s}: the window as a message shows it. */
    public String describe() {
        long millis = window.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
