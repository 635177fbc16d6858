package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceDateEpochTest {

    @ParameterizedTest
    @CsvSource({
        "1700000000, 2023-11-14T22:13:20Z",
        "10, 1970-01-01T00:00:10Z",
        "2024-02-03T04:05:06Z, 2024-02-03T04:05:06Z",
        "2024-02-03T05:05:06+01:00, 2024-02-03T04:05:06Z",
        "' 1980-01-01T00:00:02Z ', 1980-01-01T00:00:02Z",
    })
    void readsSecondsAndIsoDateTimesAsMavenArchiverDoes(String value, String expected) throws Exception {
        assertEquals(Optional.of(Instant.parse(expected)), SourceDateEpoch.parse(value));
    }

    // One character or less switches the property off, as in maven-archiver; the builder's default
    // (1970-01-01) then applies, so "0" still means 1970.
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "a", "0", "now", "NOW"})
    void unsetOrSwitchedOffGivesNothing(String value) throws Exception {
        assertEquals(Optional.empty(), SourceDateEpoch.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-02-03", "2024-02-03T04:05:06", "12x", "1969-12-31T23:59:59Z", "99999999999999999999"})
    void rejectsAnythingElseNamingTheParameter(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> SourceDateEpoch.parse(value));
        assertEquals("<sourceDateEpoch> (default ${project.build.outputTimestamp}) is \"" + value
                + "\": expected seconds since 1970 or an ISO-8601 date-time such as 2024-01-01T00:00:00Z", e.getMessage());
    }

    @Test
    void secondsAreWholeSeconds() throws Exception {
        assertEquals(1_700_000_000L, SourceDateEpoch.parse("1700000000").orElseThrow().getEpochSecond());
    }
}
