package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Private (0700) temporary directories for secrets: in memory ({@code /dev/shm}) when the host has
 * it, never in a layer. Each records {@code owner} (the step directory it belongs to), so {@link
 * Leftovers} can find it when the build was killed before it could delete it.
 */
final class PrivateTemp {
    private PrivateTemp() {}

    static Path create(Path owner, String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : owner;
        Path dir = Files.createTempDirectory(parent, prefix);
        Files.setAttribute(dir, "unix:mode", 0700);
        Leftovers.markOwner(dir, owner);
        return dir;
    }
}
