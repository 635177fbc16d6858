package dev.strata.builder.context.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UserDatabaseTest {

    private final UserDatabase db = UserDatabase.parse(
            "# comment\nroot:x:0:0:root:/root:/bin/sh\nbroken line\nbad:x:abc:1::/:\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n",
            "root:x:0:\nwww-data:x:33:\nadm:x:4:syslog\n");

    @Test
    void resolvesNamesNumbersAndMixes() {
        assertEquals(new Owner(33, 33), db.resolveChown("www-data"));
        assertEquals(new Owner(33, 4), db.resolveChown("www-data:adm"));
        assertEquals(new Owner(0, 33), db.resolveChown("root:33"));
        assertEquals(new Owner(1000, 1000), db.resolveChown("1000"));
        assertEquals(new Owner(1000, 4), db.resolveChown("1000:adm"));
        assertEquals(new Owner(5, 6), UserDatabase.empty().resolveChown("5:6"));
    }

    @Test
    void malformedLinesAreSkippedAndUnknownNamesFail() {
        assertThrows(IllegalArgumentException.class, () -> db.resolveChown("bad"));
        assertEquals("unable to find user nobody: no matching entries in passwd file",
                assertThrows(IllegalArgumentException.class, () -> db.resolveChown("nobody")).getMessage());
        assertEquals("unable to find group wheel: no matching entries in group file",
                assertThrows(IllegalArgumentException.class, () -> db.resolveChown("root:wheel")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> db.resolveChown(":adm"));
        assertThrows(IllegalArgumentException.class, () -> db.resolveChown("root:"));
    }

    @Test
    void rootIsIdZeroWithoutALookupAsInBuildKit() {
        assertEquals(new Owner(0, 0), UserDatabase.empty().resolveChown("root"));
        assertEquals(new Owner(0, 0), UserDatabase.empty().resolveChown("root:root"));
        assertEquals(new Owner(0, 7), UserDatabase.empty().resolveChown("root:7"));
        assertEquals(new Owner(5, 0), UserDatabase.empty().resolveChown("5:root"));
    }

    @Test
    void workdirOwnersResolveLenientlyAsBuildKitsFileOperation() {
        assertEquals(new Owner(33, 33), db.resolveLeniently("www-data"));
        assertEquals(new Owner(0, 0), db.resolveLeniently("nobody"), "a user passwd lacks is root");
        assertEquals(new Owner(33, 33), db.resolveLeniently("www-data:wheel"), "a group it lacks keeps the user's");
        assertEquals(new Owner(1000, 1000), UserDatabase.empty().resolveLeniently("1000:nogroup"));
        assertEquals(new Owner(7, 4), db.resolveLeniently("7:adm"));
        assertEquals(new Owner(0, 0), UserDatabase.empty().resolveLeniently("root"));
    }
}
