package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** On a hybrid cgroup v1/v2 host crun refuses to start; the step must then run with runc. */
class RuntimeFallbackTest {
    @Test
    void crunRefusingHybridCgroupsFallsBackToRunc() throws Exception {
        Path crun = Tools.require("crun");
        Tools.require("runc");
        Path store = Files.createTempDirectory("strata-crun");
        try {
            Path base = BusyboxRoot.create(Files.createDirectories(store.resolve("base")));
            ExecOptions options = new ExecOptions(store.resolve("store"), Optional.empty(), Optional.of(crun));
            try (RunExecutor executor = new RunExecutor(options)) {
                for (int i = 0; i < 2; i++) {
                    List<String> out = new ArrayList<>();
                    try (RunOutcome run = executor.run(List.of(base),
                            RunRequest.of(List.of("/bin/sh", "-c", "echo ran"), List.of(), "/", ""), out::add)) {
                        assertEquals("ran", out.get(out.size() - 1));
                        boolean hybrid = out.stream().anyMatch(l -> l.contains("cgroups in hybrid mode not supported"));
                        if (i == 0) {
                            System.out.println("first run with crun: " + out);
                        }
                        if (i == 0 && hybrid) {
                            assertTrue(out.stream().anyMatch(l -> l.startsWith("crun does not support this host's hybrid cgroups: using ")),
                                    out.toString());
                        } else if (i == 1) {
                            assertEquals(List.of("ran"), out, "crun is not tried again once it refused");
                        }
                    }
                }
            }
        } finally {
            Command.ok("rm", "-rf", store.toString());
        }
    }
}
