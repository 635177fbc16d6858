package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.layer.EntryAttributes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserNamespaceTest {

    @Test
    void onAHostEveryIdButTheLastIsMappedToItself() {
        assertEquals("0 0 4294967294\n", UserNamespace.mirror("         0          0 4294967295\n"));
    }

    @Test
    void inAPodWithItsOwnUserNamespaceTheIdsThePodWasGivenAreMapped() {
        // hostUsers: false gives the pod 65536 ids; a map naming more would be refused by the kernel
        assertEquals("0 0 65536\n", UserNamespace.mirror("         0    1769472      65536\n"));
        assertEquals("0 0 1000\n1000 1000 5\n",
                UserNamespace.mirror("0 100000 1000\n1000 500000 5\n"));
    }

    @Test
    void filesTheCallerOwnsOnDiskAreRootsInsideANamespaceMappingOnlyTheCaller() {
        UserNamespace self = new UserNamespace(false, 1000, 1001, true, true);
        EntryAttributes onDisk = EntryAttributes.of(0644, 1000, 1001, Instant.EPOCH);
        EntryAttributes inside = self.inside(onDisk);
        assertEquals(0, inside.uid());
        assertEquals(0, inside.gid());
        assertEquals(0644, inside.mode());
        UserNamespace all = new UserNamespace(true, 0, 0, true, true);
        assertEquals(1000, all.inside(onDisk).uid());
    }
}
