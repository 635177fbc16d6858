package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
    @TempDir
    Path root;

    @Test
    void uidAndGidInFullNeedNoPasswdAndRootCountsAsZero() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        assertEquals(new UserResolver.ResolvedUser(0, 0, List.of(), "/"), UserResolver.resolve(root, "root:root"));
        assertEquals(new UserResolver.ResolvedUser(1000, 0, List.of(), "/"), UserResolver.resolve(root, "1000:root"));
        assertEquals(new UserResolver.ResolvedUser(7, 8, List.of(), "/"), UserResolver.resolve(root, "7:8"));
        assertEquals("unable to find user root: no matching entries in passwd file",
                assertThrows(ExecException.class, () -> UserResolver.resolve(root, "root")).getMessage(),
                "a name alone is looked up, as runc's GetExecUser does");
    }

    @Test
    void theFastPathKeepsTheHomeOfPasswd() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\napp:x:1000:\nstaff:x:50:app\n");
        assertEquals(new UserResolver.ResolvedUser(0, 0, List.of(), "/root"), UserResolver.resolve(root, "root:root"));
        assertEquals(new UserResolver.ResolvedUser(1000, 50, List.of(), "/home/app"), UserResolver.resolve(root, "1000:50"));
        assertEquals(new UserResolver.ResolvedUser(1000, 1000, List.of(1000L, 50L), "/home/app"), UserResolver.resolve(root, "app"));
    }
}
