package dev.strata.builder.api;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.context.BuildContext;
import dev.strata.builder.context.CheckIgnore;
import dev.strata.builder.context.CopyException;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.oci.OciLayoutReader;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.registry.ImageReference;
import dev.strata.builder.registry.InvalidReferenceException;
import dev.strata.builder.registry.RegistryOptions;
import dev.strata.builder.registry.RegistryPuller;
import dev.strata.dockerfile.check.ContextIgnore;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the build checks need to know about a build besides its Dockerfile, read without a
 * network and without building: the context's ignore rules (CopyIgnoredFile) and the environment
 * of base images that are already at hand (UndefinedVar must not report a variable an image
 * defines).
 */
public final class CheckInputs {
    private CheckInputs() {}

    /** The build context's ignore rules as the build reads them; empty without an ignore file. */
    public static Optional<ContextIgnore> contextIgnore(BuildRequest request) throws IOException {
        try {
            BuildContext context = request.dockerfile() instanceof DockerfileSource.FromFile file
                    ? BuildContext.open(request.context(), file.path())
                    : BuildContext.openWithoutDockerfile(request.context());
            return CheckIgnore.of(context);
        } catch (CopyException e) {
            return Optional.empty(); // the build itself says what is wrong with the context
        }
    }

    /**
     * The {@code KEY=value} environment of a base image by its name in FROM: a named
     * {@code oci-layout://} context, or an image already pulled into the local store. Empty for
     * anything else (an image not yet pulled), so the check stays silent rather than guess.
     */
    public static Function<String, Optional<List<String>>> baseImageEnv(BuildRequest request, Map<String, String> env) {
        // of several target platforms, the first one's base stands for all: the checks read its ENV only
        Platform platform = request.platform().map(p -> Platform.parse(p.split(",")[0])).orElse(Platform.host());
        return name -> {
            try {
                Optional<ImageConfig> config = namedLayout(request, name, platform);
                if (config.isEmpty()) {
                    config = pulled(request, name, platform, env);
                }
                return config.map(c -> c.config() == null || c.config().env() == null ? List.of() : c.config().env());
            } catch (IOException | InvalidReferenceException e) {
                return Optional.empty();
            }
        };
    }

    private static Optional<ImageConfig> namedLayout(BuildRequest request, String name, Platform platform) throws IOException {
        for (NamedContext context : request.buildContexts()) {
            if (context.serves(name) && context.source() instanceof NamedContext.OciLayout layout) {
                return Optional.of(OciLayoutReader.open(layout.layout()).resolve(layout.reference().orElse(null), platform).config());
            }
        }
        return Optional.empty();
    }

    private static Optional<ImageConfig> pulled(BuildRequest request, String name, Platform platform, Map<String, String> env)
            throws IOException {
        if (name.equals("scratch") || !Files.isRegularFile(request.root().resolve("oci-layout"))) {
            return Optional.empty();
        }
        RegistryPuller puller = new RegistryPuller(BlobStore.open(request.root()), RegistryOptions.defaults(env));
        return Optional.of(puller.pull(ImageReference.parse(name), platform, dev.strata.builder.registry.PullPolicy.NEVER).image().config());
    }
}
