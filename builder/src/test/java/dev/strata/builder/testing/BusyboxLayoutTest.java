package dev.strata.builder.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxLayoutTest {

    @Test
    void makesARunnableBusyboxImageThatSkopeoReads(@TempDir Path tmp) throws Exception {
        Path layout = BusyboxLayout.create(tmp.resolve("layout"), "busybox");
        String config = Command.ok("skopeo", "inspect", "--config", "oci:" + layout + ":busybox");
        assertTrue(config.contains("\"/bin/sh\""), config);
        assertTrue(config.contains("\"architecture\": \"amd64\""), config);

        Path bundle = tmp.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", layout + ":busybox", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        assertTrue(Files.isRegularFile(rootfs.resolve("bin/busybox")));
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(rootfs.resolve("bin/ls")));
        assertEquals(BusyboxLayout.PASSWD, Files.readString(rootfs.resolve("etc/passwd")));
        assertEquals("hello\n", Command.ok("chroot", rootfs.toString(), "/bin/echo", "hello"));
    }
}
