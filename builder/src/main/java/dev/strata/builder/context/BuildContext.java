package dev.strata.builder.context;

import dev.strata.builder.context.pattern.DockerIgnore;
import dev.strata.builder.context.pattern.PatternMatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The build context directory, its Dockerfile and its ignore rules. The ignore file is
 * {@code <Dockerfile-name>.dockerignore} beside the Dockerfile when it exists (it wins),
 * otherwise {@code .dockerignore} at the context root.
 *
 * @param directory the context, as a real path
 * @param dockerfile the Dockerfile, inside or outside the context; empty when read from stdin
 * @param ignore the compiled ignore rules (empty when there is no ignore file)
 * @param ignoreFile the ignore file used, if any
 */
public record BuildContext(Path directory, Optional<Path> dockerfile, PatternMatcher ignore, Optional<Path> ignoreFile) {

    /**
     * Opens a context.
     *
     * @param dockerfile the {@code -f} file, or null for {@code CONTEXT/Dockerfile}; use
     *     {@link #openWithoutDockerfile} for {@code -f -}
     */
    public static BuildContext open(Path contextDir, Path dockerfile) {
        Path dir = realDirectory(contextDir);
        Path given = contextDir.toAbsolutePath().normalize();
        Path file = dockerfile == null ? dir.resolve("Dockerfile") : dockerfile.toAbsolutePath().normalize();
        Path real = ContextFiles.confined(dir, given, file, "Dockerfile")
                .orElseThrow(() -> new CopyException("cannot read Dockerfile " + file + ": no such file"));
        if (!Files.isRegularFile(real)) {
            throw new CopyException("cannot read Dockerfile " + file + ": not a regular file");
        }
        Path specific = file.resolveSibling(file.getFileName() + ".dockerignore");
        Optional<Path> specificReal = ContextFiles.confined(dir, given, specific, "ignore file");
        Path ignoreFile = specificReal.isPresent() && Files.isRegularFile(specificReal.get())
                ? specific : dir.resolve(".dockerignore");
        return withIgnore(dir, given, Optional.of(real), ignoreFile);
    }

    /** A context whose Dockerfile came from stdin: only {@code .dockerignore} applies. */
    public static BuildContext openWithoutDockerfile(Path contextDir) {
        Path dir = realDirectory(contextDir);
        return withIgnore(dir, contextDir.toAbsolutePath().normalize(), Optional.empty(), dir.resolve(".dockerignore"));
    }

    /**
     * The Dockerfile's bytes, read from the file {@link #open} checked: a Dockerfile inside the
     * context is never read through a link that leaves it.
     */
    public byte[] readDockerfile() {
        Path file = dockerfile.orElseThrow(() -> new IllegalStateException("no Dockerfile file"));
        return ContextFiles.read(file, "Dockerfile");
    }

    private static BuildContext withIgnore(Path dir, Path given, Optional<Path> dockerfile, Path ignoreFile) {
        Optional<Path> real = ContextFiles.confined(dir, given, ignoreFile, ignoreFile.getFileName().toString());
        if (real.isEmpty()) {
            return new BuildContext(dir, dockerfile, PatternMatcher.none(), Optional.empty());
        }
        String text;
        try {
            text = new String(ContextFiles.read(real.get(), ignoreFile.getFileName().toString()), StandardCharsets.UTF_8);
        } catch (CopyException e) {
            throw new CopyException("cannot read " + ignoreFile + ": " + e.getMessage(), e);
        }
        try {
            return new BuildContext(dir, dockerfile, DockerIgnore.matcher(ignoreFile.getFileName().toString(), text),
                    Optional.of(ignoreFile));
        } catch (IllegalArgumentException e) {
            throw new CopyException(e.getMessage(), e);
        }
    }

    private static Path realDirectory(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new CopyException("build context " + dir + " is not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new CopyException("cannot open build context " + dir + ": " + e.getMessage(), e);
        }
    }
}
