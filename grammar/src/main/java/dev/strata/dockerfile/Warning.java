package dev.strata.dockerfile;

import dev.strata.dockerfile.model.SourceLocation;
import java.util.Objects;

/** Something the parser accepted but a user should hear about (e.g. an empty continuation line). */
public record Warning(SourceLocation location, String message) {
    public Warning {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
