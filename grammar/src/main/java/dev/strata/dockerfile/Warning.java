package dev.strata.dockerfile;

import dev.strata.dockerfile.model.SourceLocation;
import java.util.Objects;

/** Something the parser accepted but a user should hear about (e.g. an empty continuation line). */
public record Warning(SourceLocation location, String message) {
    public Warning {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** What the parser says of a blank line inside a continued instruction (BuildKit's NoEmptyContinuation). */
    public static final String EMPTY_CONTINUATION = "empty continuation line (a blank line inside a continued instruction;"
            + " Docker plans to make this an error)";

    /** An empty continuation line ending at {@code location}'s end line. */
    public static Warning emptyContinuation(SourceLocation location) {
        return new Warning(location, EMPTY_CONTINUATION);
    }

    public boolean isEmptyContinuation() {
        return message.equals(EMPTY_CONTINUATION);
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
