package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the layer keeps of a file's {@code security.capability} value (the kernel's v2 and v3 forms). */
class FileCapabilityTest {
    /** v2, effective, permitted CAP_SETUID (bit 7: a byte that is not valid UTF-8 alone). */
    static final byte[] V2_SETUID = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    static byte[] v3(int rootid) {
        byte[] v3 = java.util.Arrays.copyOf(V2_SETUID, 24);
        v3[3] = 3;
        for (int i = 0; i < 4; i++) {
            v3[20 + i] = (byte) (rootid >>> (8 * i));
        }
        return v3;
    }

    @Test
    void aPlainValueIsKeptAsItIs() {
        assertArrayEquals(V2_SETUID, FileCapability.forLayer(V2_SETUID, uid -> false).orElseThrow());
    }

    @Test
    void aNamespacedValueOfTheStepsRootBecomesThePlainValue() {
        // a step in a namespace whose root is uid 1000 on the host (Strata run by that user)
        assertArrayEquals(V2_SETUID, FileCapability.forLayer(v3(1000), uid -> uid == 1000).orElseThrow());
        assertArrayEquals(V2_SETUID, FileCapability.forLayer(v3(100000), uid -> uid == 100000).orElseThrow());
    }

    @Test
    void aNamespacedValueOfAnotherRootOrADamagedValueIsLeftOut() {
        assertEquals(Optional.empty(), FileCapability.forLayer(v3(5000), uid -> uid == 1000));
        assertEquals(Optional.empty(), FileCapability.forLayer(new byte[] {1, 0, 0, 2}, uid -> true));
        assertEquals(Optional.empty(), FileCapability.forLayer(new byte[0], uid -> true));
        byte[] v1 = java.util.Arrays.copyOf(V2_SETUID, 12);
        v1[3] = 1;
        assertTrue(FileCapability.forLayer(v1, uid -> true).isEmpty(), "v1 values are not written by today's kernels");
    }
}
