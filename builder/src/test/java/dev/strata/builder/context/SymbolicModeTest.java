package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** chmod(1) symbolic modes, with examples from chmod(1) and BSD setmode(3), umask 0. */
class SymbolicModeTest {

    @ParameterizedTest(name = "{0} on {1} (dir={2}) -> {3}")
    @CsvSource({
        "u+x, 0644, false, 0744",
        "+x, 0644, false, 0755",
        "a-x, 0755, false, 0644",
        "go-w, 0666, false, 0644",
        "=rw+X, 0644, false, 0666",
        "'=rw,+X', 0744, false, 0777",
        "'=rw,+X', 0700, true, 0777",
        "+X, 0644, false, 0644",
        "+X, 0644, true, 0755",
        "'u=rwx,go=rx', 0000, false, 0755",
        "'u=rwx,go=u-w', 0000, false, 0755",
        "go=, 0777, false, 0700",
        "g=u-w, 0740, false, 0750",
        "u+s, 0755, false, 4755",
        "g+s, 0755, true, 2755",
        "+t, 0755, true, 1755",
        "o+t, 0755, true, 0755",
        "u=r, 0777, false, 0477",
        "ug+rw, 0400, false, 0660",
    })
    void appliesLikeChmod(String mode, String before, boolean dir, String after) {
        assertEquals(Integer.parseInt(after, 8), SymbolicMode.parse(mode).apply(Integer.parseInt(before, 8), dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"u", "x", "u*x", "u+x,", "ux+"})
    void malformedModesAreRejected(String mode) {
        assertThrows(IllegalArgumentException.class, () -> SymbolicMode.parse(mode));
    }
}
