package dev.strata.dockerfile.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code --name=value} or bare {@code --name} flag, as written (quotes removed, nothing
 * expanded). Which flags an instruction accepts is decided by the builder.
 */
public record Flag(String name, Optional<String> value) {
    public Flag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static Flag of(String name, String valueOrNull) {
        return new Flag(name, Optional.ofNullable(valueOrNull));
    }

    /** The flag as Docker's parser dump shows it: {@code --name=value} or {@code --name}. */
    public String raw() {
        return value.map(v -> "--" + name + "=" + v).orElse("--" + name);
    }
}
