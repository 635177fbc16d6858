package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.registry.ImageReference;
import dev.strata.builder.registry.InvalidReferenceException;
import dev.strata.builder.registry.PullPolicy;
import dev.strata.builder.registry.PulledImage;
import dev.strata.builder.registry.RegistryOptions;
import dev.strata.builder.registry.RegistryPuller;
import dev.strata.builder.registry.RegistryPusher;
import dev.strata.builder.registry.PushResult;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.StoredImage;
import dev.strata.builder.steps.StepException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Base images from registries (FROM, COPY --from) and {@code --push}, through the registry package. */
final class RegistryBase {
    private RegistryBase() {}

    static RegistryOptions options(BuildSession session) {
        return RegistryOptions.defaults(System.getenv()).withInsecureRegistries(session.request().insecureRegistries());
    }

    static BaseImage pull(BuildSession session, String name, Optional<String> platform) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
            throw new StepException("image \"" + name + "\" not found: it is not a stage, a --build-context, or a valid "
                    + "image reference (" + e.getMessage() + ")", e);
        }
        Platform wanted = platform.map(Platform::parse).orElse(session.targetPlatform());
        PullPolicy policy = PullPolicy.valueOf(session.request().pullPolicy().name());
        try {
            boolean had = ref.digestIfAny().map(d -> session.store().has(d)).orElse(false);
            PulledImage pulled = new RegistryPuller(session.store(), options(session)).pull(ref, wanted, policy);
            return new BaseImage(name, pulled.image().config(), pulled.image().layers(), pulled.manifestDigest(), !had);
        } catch (IOException e) {
            throw new StepException("image \"" + name + "\" not found: " + e.getMessage(), e);
        }
    }

    static void push(BuildSession session, StoredImage image, List<String> names, int step) {
        if (names.isEmpty()) {
            throw new StepException("pushing needs a name: give -t registry.example.com/repo:tag");
        }
        List<ImageReference> targets = new ArrayList<>();
        for (String n : names) {
            try {
                targets.add(ImageReference.parse(n));
            } catch (InvalidReferenceException e) {
                throw new StepException("cannot push \"" + n + "\": " + e.getMessage(), e);
            }
        }
        try {
            byte[] manifest = session.store().readAllBytes(image.manifest().digest());
            PushResult result = new RegistryPusher(session.store(), options(session)).push(manifest, targets, ManifestFormat.OCI);
            session.emit(new BuildEvent.LogLine(step, "pushed " + String.join(", ", names) + "@" + result.digest()
                    + " (" + result.uploaded() + " blobs uploaded, " + result.mounted() + " mounted)"));
        } catch (IOException e) {
            throw new StepException("push failed: " + e.getMessage(), e);
        }
    }
}
