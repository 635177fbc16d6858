package dev.strata.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point of the grammar module: Dockerfile text in, typed instructions out. */
public final class Dockerfiles {
    private Dockerfiles() {}

    /**
     * Parses a Dockerfile.
     *
     * @param file the name used in messages ({@code Dockerfile}, {@code build/Dockerfile.dev})
     * @param content the file's text
     * @throws DockerfileException for any syntax error, with file and line
     */
    public static ParseResult parse(String file, String content) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Reads a UTF-8 Dockerfile and parses it, naming it by its file name in messages. */
    public static ParseResult parse(Path path) throws IOException {
        String content = Files.readString(path, StandardCharsets.UTF_8);
        Path name = path.getFileName();
        return parse(name == null ? path.toString() : name.toString(), content);
    }
}
