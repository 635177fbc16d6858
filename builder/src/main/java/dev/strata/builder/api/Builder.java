package dev.strata.builder.api;

import java.util.ServiceLoader;

/**
 * Builds images from Dockerfiles. The only entry point front ends (CLI, Maven plugin) use.
 * Instances are thread-safe; builds sharing a store root may run concurrently.
 */
public interface Builder {

    /**
     * Runs one build: parses the Dockerfile, builds the needed stages, stores the image and
     * writes the requested outputs. Nothing partial is left in the outputs on failure.
     *
     * @throws BuildException for a Dockerfile, context or request the build cannot proceed with
     */
    BuildResult build(BuildRequest request);

    /**
     * Does, on the calling thread, the one-time work a first build does before it reads any input
     * (the Dockerfile parser's tables, the OCI JSON codec, cache keys), touching no file. A
     * front end may run it on a second thread while it parses its own arguments; a build started
     * meanwhile is correct either way, only its first steps may be slower.
     */
    default void warmUp() {}

    /** The builder found on the class path (the engine registers itself as a service). */
    static Builder create() {
        return ServiceLoader.load(Builder.class, Builder.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + Builder.class.getName() + " service on the class path (broken jar?)"));
    }
}
