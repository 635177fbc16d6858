package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Private (0700) temporary directories for secrets: in memory ({@code /dev/shm}) when the host has it, never in a layer. */
final class PrivateTemp {
    private PrivateTemp() {}

    static Path create(Path fallbackParent, String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : fallbackParent;
        Path dir = Files.createTempDirectory(parent, prefix);
        Files.setAttribute(dir, "unix:mode", 0700);
        return dir;
    }
}
