package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * HEALTHCHECK as Docker stores it: {@code Test} (e.g. {@code ["CMD-SHELL", "curl -f localhost"]}
 * or {@code ["NONE"]}), durations in nanoseconds, {@code Retries}. Zero or null means "inherit".
 */
public record Healthcheck(
        List<String> test,
        Long interval,
        Long timeout,
        Long startPeriod,
        Long startInterval,
        Integer retries,
        Map<String, JsonNode> extra) {

    public Healthcheck {
        test = Extra.list(test);
        extra = Extra.copy(extra);
    }
}
