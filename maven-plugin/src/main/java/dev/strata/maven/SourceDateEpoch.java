package dev.strata.maven;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads {@code <sourceDateEpoch>} the way Maven's reproducible-builds property
 * {@code project.build.outputTimestamp} is read by maven-archiver: whole seconds since 1970, or an
 * ISO-8601 date-time with an offset ({@code 2024-01-01T00:00:00Z}). A value of one character or
 * less means "not reproducible" (Maven's convention for switching the property off).
 */
final class SourceDateEpoch {
    private SourceDateEpoch() {}

    /** The epoch, if one is set. */
    static Optional<Instant> parse(String value) throws InvalidParameterException {
        if (value == null || value.trim().length() < 2 || value.trim().equalsIgnoreCase("now")) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            if (instant.isBefore(Instant.EPOCH)) {
                throw invalid(text);
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    private static InvalidParameterException invalid(String text) {
        return new InvalidParameterException("<sourceDateEpoch> (default ${project.build.outputTimestamp}) is \""
                + text + "\": expected seconds since 1970 or an ISO-8601 date-time such as 2024-01-01T00:00:00Z");
    }
}
