package dev.strata.dockerfile.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckDirectiveTest {
    @Test
    void parsesSkipListsAllAndError() {
        assertEquals(new CheckDirective(false, Set.of("A", "B"), true), CheckDirective.parse(" skip = A, B ; error=true"));
        assertEquals(new CheckDirective(true, Set.of(), false), CheckDirective.parse("skip=all"));
        assertEquals(CheckDirective.NONE, CheckDirective.parse("  "));
        assertEquals(new CheckDirective(false, Set.of(), true), CheckDirective.parse("error=1;experimental=all"));
    }

    @Test
    void enabledFollowsTheSkips() {
        CheckDirective d = CheckDirective.parse("skip=FromAsCasing");
        assertFalse(d.enabled(CheckRule.FROM_AS_CASING));
        assertTrue(d.enabled(CheckRule.UNDEFINED_VAR));
        assertFalse(CheckDirective.parse("skip=all").enabled(CheckRule.UNDEFINED_VAR));
    }

    @Test
    void rejectsWhatBuildKitRejects() {
        assertEquals("invalid check option \"nope\"",
                assertThrows(IllegalArgumentException.class, () -> CheckDirective.parse("nope")).getMessage());
        assertEquals("invalid check option \"color\"",
                assertThrows(IllegalArgumentException.class, () -> CheckDirective.parse("color=red")).getMessage());
    }

    @Test
    void legacyFormIsDecidedByTheFirstWord() {
        assertTrue(LegacyForm.isLegacy("maintainer me", '\\'));
        assertFalse(LegacyForm.isLegacy("a=b c=d", '\\'));
        assertFalse(LegacyForm.isLegacy("\"a b\"=c", '\\'));
        assertTrue(LegacyForm.isLegacy("\"a=b\"x y", '\\') == false);
        assertTrue(LegacyForm.isLegacy("a\\ b=c", '\\') == false);
        assertTrue(LegacyForm.isLegacy("key value=x", '\\'));
    }
}
