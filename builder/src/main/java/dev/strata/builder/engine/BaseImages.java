package dev.strata.builder.engine;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import java.util.Optional;

/**
 * Resolves the images FROM and COPY --from name: {@code --build-context NAME=oci-layout://...}
 * first, then (with the registry package) registries. Thread-safe; each image is resolved once
 * per build.
 */
final class BaseImages {
    private final BuildSession session;
    private final java.util.concurrent.ConcurrentHashMap<String, BaseImage> resolved = new java.util.concurrent.ConcurrentHashMap<>();

    BaseImages(BuildSession session) {
        this.session = session;
    }

    /** The image {@code reference} names, for {@code platform} when it is an index; resolved once per build and platform. */
    BaseImage resolve(String reference, dev.strata.builder.oci.Platform platform, int step) {
        return resolved.computeIfAbsent(reference + "\n" + platform, k -> load(reference, platform, step));
    }

    /** The images resolved so far, by the name the Dockerfile gave them (sorted). */
    java.util.Map<String, BaseImage> resolved() {
        return new java.util.TreeMap<>(resolved);
    }

    /** The named context called {@code name}, if the request has one. */
    Optional<NamedContext> named(String name) {
        return session.request().buildContexts().stream().filter(c -> c.serves(name)).findFirst();
    }

    private BaseImage load(String reference, dev.strata.builder.oci.Platform platform, int step) {
        Optional<NamedContext> named = named(reference);
        if (named.isPresent() && named.get().source() instanceof NamedContext.OciLayout layout) {
            return OciLayoutBase.load(session, reference, layout, platform);
        }
        if (named.isPresent() && named.get().source() instanceof NamedContext.Image image) {
            return session.pull(image.reference(), platform, step);
        }
        if (named.isPresent()) {
            throw new dev.strata.builder.steps.StepException("build context \"" + reference + "\" is a directory, not an image: use it with COPY --from");
        }
        return session.pull(reference, platform, step);
    }
}
