package dev.strata.builder.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds OCI runtimes: runc first (it works on hybrid cgroup hosts), then crun, on PATH or in the sbin directories. */
final class Runtimes {
    private Runtimes() {}

    /**
     * The runtimes to try, in order: the given one (if any), then runc, then crun. Later ones are
     * only used when an earlier one refuses this host (crun on hybrid cgroups).
     */
    static List<Path> candidates(Optional<Path> given) {
        List<Path> found = new ArrayList<>();
        given.ifPresent(found::add);
        for (String name : List.of("runc", "crun")) {
            Executables.find(name).filter(p -> found.stream().noneMatch(f -> sameFile(f, p))).ifPresent(found::add);
        }
        return found;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return a.equals(b);
        }
    }

    /** Whether a runtime's output says it refused to start because of hybrid cgroups (crun). */
    static boolean refusedHybridCgroups(List<String> output) {
        return output.stream().anyMatch(line -> line.contains("cgroups in hybrid mode not supported"));
    }
}
