package dev.strata.builder.api;

import dev.strata.builder.context.BuildContext;
import dev.strata.builder.context.CopyException;
import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import dev.strata.dockerfile.ParseResult;
import java.nio.file.Path;

/**
 * Reads and parses the Dockerfile of a build request the one way the build and the front ends'
 * checks share: a Dockerfile inside the context is never read through a link that leaves it,
 * and its bytes must be UTF-8.
 */
public final class DockerfileInput {
    private DockerfileInput() {
    }

    /**
     * @throws BuildException when the file cannot be read
     * @throws DockerfileException when it is not a valid Dockerfile
     */
    public static ParseResult parse(BuildRequest request) {
        DockerfileSource source = request.dockerfile();
        if (source instanceof DockerfileSource.FromText text) {
            return Dockerfiles.parse(text.name(), text.text());
        }
        Path path = ((DockerfileSource.FromFile) source).path();
        byte[] bytes;
        try {
            bytes = BuildContext.open(request.context(), path).readDockerfile();
        } catch (CopyException e) {
            throw new BuildException(e.getMessage(), e);
        }
        Path name = path.getFileName();
        return Dockerfiles.parse(name == null ? path.toString() : name.toString(), bytes);
    }
}
