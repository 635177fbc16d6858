package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            linux/amd64     | linux | amd64 |    | true
            linux/amd64     | linux | arm64 |    | false
            linux/arm64     | linux | arm64 | v8 | true
            linux/arm64/v8  | linux | arm64 |    | true
            linux/arm/v7    | linux | arm   | v6 | false
            linux/arm/v7    | linux | arm   | v7 | true
            linux/arm       | linux | arm   | v6 | true
            arm64           | linux | arm64 |    | true
            linux/x86_64    | linux | amd64 |    | true
            windows/amd64   | linux | amd64 |    | false
            """)
    void matchesIndexEntries(String requested, String os, String arch, String variant, boolean matches) {
        assertEquals(matches, Platform.parse(requested).matches(os, arch, variant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux/", "linux//v7", "a/b/c/d"})
    void rejectsMalformed(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Platform.parse(text));
        assertEquals("invalid platform \"" + text + "\" (expected os/arch[/variant], e.g. linux/amd64)", e.getMessage());
    }
}
