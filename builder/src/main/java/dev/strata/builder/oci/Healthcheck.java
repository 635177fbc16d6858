package dev.strata.builder.oci;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * HEALTHCHECK as Docker stores it: {@code Test} (e.g. {@code ["CMD-SHELL", "curl -f localhost"]}
 * or {@code ["NONE"]}), durations in nanoseconds, {@code Retries}. Zero or null means "inherit".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"})
public record Healthcheck(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") Long interval,
        @JsonProperty("Timeout") Long timeout,
        @JsonProperty("StartPeriod") Long startPeriod,
        @JsonProperty("StartInterval") Long startInterval,
        @JsonProperty("Retries") Integer retries,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Healthcheck {
        test = Extra.list(test);
        extra = Extra.copy(extra);
    }
}
