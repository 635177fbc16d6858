package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A RUN that tries to reach a canary file outside its root, in every isolation mode: through
 * /proc/1/root, {@code ..}, symlinks Strata might follow after the step, mount, and chroot.
 */
class HostileRunTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns", "chroot"})
    void aRunCannotTouchTheCanary(String mode) throws Exception {
        Tools.require("runc");
        Tools.require("capsh");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path canary = Files.writeString(outside.resolve("host-canary"), "untouched\n");
        Path base = BusyboxRoot.create(Files.createDirectories(tmp.resolve("base")));
        String c = canary.toString();
        String script = String.join("\n",
                "C=" + c + "; D=" + outside,
                "echo pwned > /proc/1/root$C 2>/dev/null && echo 'wrote through /proc/1/root'",
                "echo pwned > /proc/self/root$C 2>/dev/null",
                "cd / && echo pwned > ../../../../../../../..$C 2>/dev/null",
                "rm -f $C 2>/dev/null; rm -f /proc/1/root$C 2>/dev/null",
                "mkdir -p /m && mount --bind / /m 2>/dev/null && echo 'mount allowed' && umount /m",
                "mount -t proc proc /m 2>/dev/null && echo 'proc mount allowed' && umount /m",
                "chroot / /bin/true 2>/dev/null || echo 'chroot refused'",
                "mkdir -p /x/bin && cp /bin/busybox /x/bin/ && chroot /x /bin/busybox sh -c \"cd ../../../../../../.. && echo pwned > $C\" 2>/dev/null",
                // links Strata could follow when it cleans up after the step
                "rm -f /etc/resolv.conf /etc/hosts; ln -s $C /etc/resolv.conf; ln -s $C /etc/hosts",
                "rm -rf /dev; ln -s $D /dev",
                "ln -s $D /outside-link; echo pwned > /outside-link/new-file",
                "mkdir -p /tmp/d && ln -s $C /tmp/d/link",
                "true");
        ExecOptions options = new ExecOptions(tmp.resolve("store"), Optional.of(Isolation.parse(mode)), Optional.empty());
        List<String> out = new ArrayList<>();
        try (RunExecutor executor = new RunExecutor(options);
                RunOutcome run = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c", script), List.of(), "/", ""),
                        out::add)) {
            assertFalse(out.contains("wrote through /proc/1/root"), out.toString());
            assertFalse(out.contains("mount allowed"), out.toString());
            assertFalse(out.contains("proc mount allowed"), out.toString());
            if (mode.equals("chroot")) {
                assertTrue(out.contains("chroot refused"), "no CAP_SYS_CHROOT in chroot mode: " + out);
            }
        }
        assertEquals("untouched\n", Files.readString(canary), mode);
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(canary), files.toList(), mode);
        }
    }
}
