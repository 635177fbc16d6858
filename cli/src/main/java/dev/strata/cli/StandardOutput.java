package dev.strata.cli;

import dev.strata.builder.api.OutputSpec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -o -} and {@code dest=-}: the archive goes to this process's standard output, raw bytes,
 * never to a terminal (as buildx refuses).
 */
final class StandardOutput {
    private StandardOutput() {}

    /** The spec with standard output attached when it asks for it; refused when standard output is a terminal. */
    static OutputSpec attach(OutputSpec spec) {
        if (!spec.toStdout()) {
            return spec;
        }
        if (isTerminal()) {
            throw new IllegalArgumentException("refusing to write the " + spec.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " output to the terminal: redirect standard output to a file or a pipe, or give dest=FILE");
        }
        OutputStream raw = new FileOutputStream(FileDescriptor.out);
        return spec.withStream(raw);
    }

    /** Whether file descriptor 1 is a terminal device. */
    static boolean isTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
