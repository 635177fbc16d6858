package dev.strata.dockerfile.model;

import java.util.Objects;

/** One ENV or LABEL pair, raw: quotes and escapes are kept as written, nothing is expanded. */
public record KeyValue(String key, String value) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
