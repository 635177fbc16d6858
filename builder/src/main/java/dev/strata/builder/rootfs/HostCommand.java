package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a short host program (mount, umount, mknod) and turns a failure into an IOException with its output. */
public final class HostCommand {
    private HostCommand() {}

    /** Runs {@code argv} in {@code cwd} (or the JVM's directory when null); returns its output. */
    public static String run(List<String> argv, Path cwd) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IOException(argv.get(0) + " failed (exit " + code + "): " + output);
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
    }
}
