package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RUN under runc has a seccomp filter and no_new_privs: namespaces are refused, users and chown still work. */
class SeccompTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns"})
    void runHasTheFilterAndStillAddsUsersAndChowns(String mode) throws Exception {
        Tools.require("runc");
        Path base = BusyboxRoot.create(Files.createDirectories(tmp.resolve("base")));
        ExecOptions options = new ExecOptions(tmp.resolve("store"), Optional.of(Isolation.parse(mode)), Optional.empty());
        try (RunExecutor executor = new RunExecutor(options)) {
            List<String> out = new ArrayList<>();
            RunRequest request = RunRequest.of(List.of("/bin/sh", "-c", String.join("; ",
                    "grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status | tr -s '\\t' ' '",
                    "unshare -U true 2>/dev/null && echo unshare allowed || echo unshare refused",
                    "unshare -m true 2>/dev/null && echo mount namespace allowed || echo mount namespace refused",
                    "mkdir -p /mnt/t && mount -t tmpfs none /mnt/t 2>/dev/null && echo mount allowed || echo mount refused",
                    "echo 'u:x:1500:1500::/home/u:/bin/sh' >> /etc/passwd && mkdir -p /home/u && chown 1500:1500 /home/u",
                    "stat -c '%u:%g' /home/u", "su u -c 'id -u' 2>&1")), List.of(), "/", "");
            try (RunOutcome run = executor.run(List.of(base), request, out::add)) {
                assertEquals(List.of("NoNewPrivs: 1", "Seccomp: 2", "unshare refused", "mount namespace refused",
                        "mount refused", "1500:1500", "1500"), out, mode);
            }
        }
    }
}
