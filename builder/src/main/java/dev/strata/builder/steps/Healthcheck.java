package dev.strata.builder.steps;

import java.util.List;
import java.util.Objects;

/**
 * A HEALTHCHECK as the image config stores it: the test ({@code ["NONE"]}, {@code ["CMD", ...]},
 * {@code ["CMD-SHELL", "cmd"]}) and durations in nanoseconds (0 when not given).
 */
public record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos,
        long startIntervalNanos, int retries) {
    public Healthcheck {
        test = List.copyOf(test);
        Objects.requireNonNull(test, "test");
    }
}
