package dev.strata.builder.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the files Strata itself reads from a context (the Dockerfile, the ignore file). The
 * context is not trusted: such a file inside it may be a link to a host file, whose first line
 * an error message would then show. A file named inside the context must stay inside once its
 * links are followed; a file the user names outside the context is read as given.
 */
final class ContextFiles {
    /** Dockerfiles and ignore files are text a person writes; a bigger one is not one. */
    static final long MAX_SIZE = 16L << 20;

    private ContextFiles() {
    }

    /**
     * The real path of {@code file}, or empty when it does not exist.
     *
     * @param dir the context's real path
     * @param given the context as the user named it (absolute, maybe through links)
     * @throws CopyException when {@code file} is inside the context but its links lead out
     */
    static Optional<Path> confined(Path dir, Path given, Path file, String what) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CopyException("cannot read " + what + " " + file + ": " + Reasons.of(e), e);
        }
        boolean inside = file.startsWith(dir) || file.startsWith(given);
        if (inside && !real.startsWith(dir)) {
            throw new CopyException(what + " " + file + " is a symbolic link to a file outside the build context;"
                    + " Strata does not read it (copy the file into the context, or name it with -f)");
        }
        return Optional.of(real);
    }

    /** The bytes of a checked file, at most {@link #MAX_SIZE}. */
    static byte[] read(Path real, String what) {
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes((int) MAX_SIZE + 1);
            if (bytes.length > MAX_SIZE) {
                throw new CopyException(what + " " + real + " is larger than 16 MiB");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new CopyException("cannot read " + what + " " + real + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CopyException("cannot read " + what + " " + real + ": permission denied", e);
        } catch (IOException e) {
            throw new CopyException("cannot read " + what + " " + real + ": " + Reasons.of(e), e);
        }
    }
}
