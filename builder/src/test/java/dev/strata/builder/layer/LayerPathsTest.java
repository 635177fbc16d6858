package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayerPathsTest {
    @ParameterizedTest
    @CsvSource({"/usr/bin/x, usr/bin/x", "./a//b/./c/, a/b/c", "a/b/../c, a/c", "etc, etc"})
    void normalises(String in, String expected) {
        assertEquals(expected, LayerPaths.normalize(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", ".", "", "a/..", "../etc/passwd", "a/../../b"})
    void rejectsTheRootAndEscapes(String in) {
        assertThrows(IllegalArgumentException.class, () -> LayerPaths.normalize(in));
    }
}
