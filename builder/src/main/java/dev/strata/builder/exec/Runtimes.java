package dev.strata.builder.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds OCI runtimes: runc first (it works on hybrid cgroup hosts), then crun, on PATH or in the sbin directories. */
final class Runtimes {
    private Runtimes() {}

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The runtimes to try, in order: the given one, else runc then crun. */
    static List<Path> candidates(Optional<Path> given) {
        if (given.isPresent()) {
            return List.of(given.get());
        }
        List<Path> found = new ArrayList<>();
        find("runc").ifPresent(found::add);
        find("crun").ifPresent(found::add);
        return found;
    }

    /** Whether a runtime's output says it refused to start because of hybrid cgroups (crun). */
    static boolean refusedHybridCgroups(List<String> output) {
        return output.stream().anyMatch(line -> line.contains("cgroups in hybrid mode not supported"));
    }
}
