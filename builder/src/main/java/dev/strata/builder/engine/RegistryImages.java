package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.oci.StoredImage;
import dev.strata.builder.registry.ImageReference;
import dev.strata.builder.registry.PullPolicy;
import dev.strata.builder.registry.PulledImage;
import dev.strata.builder.registry.PushResult;
import dev.strata.builder.registry.RegistryCache;
import dev.strata.builder.registry.RegistryOptions;
import dev.strata.builder.registry.RegistryPuller;
import dev.strata.builder.registry.RegistryPusher;
import dev.strata.builder.steps.StepException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's bridge to the registry package: base images pulled into the store
 * ({@code --pull}), results pushed ({@code --push}, {@code -o type=registry}), with the request's
 * insecure registries and the Docker client's credentials. Thread-safe.
 */
final class RegistryImages {
    private final BuildSession session;
    private final RegistryOptions options;

    RegistryImages(BuildSession session, Map<String, String> env) {
        this.session = session;
        Map<String, RegistryOptions.Login> logins = new java.util.HashMap<>();
        for (dev.strata.builder.api.RegistryCredential c : session.request().credentials()) {
            logins.put(c.registry(), new RegistryOptions.Login(c.username(), c.password(), c.source()));
        }
        Set<String> told = ConcurrentHashMap.newKeySet();
        this.options = RegistryOptions.defaults(env).withInsecureRegistries(session.request().insecureRegistries())
                .withLogins(logins)
                .withCredentialsOverHttp(session.request().credentialsOverHttp())
                .withCredentialListener((registry, source) -> {
                    if (told.add(registry)) {
                        session.emit(new BuildEvent.CredentialsChosen(registry, source));
                    }
                });
    }

    /**
     * When the build ends with a push ({@code --push}, {@code -o type=registry}, {@code push=true}),
     * readies the registry client for it while the build runs (see {@link RegistryPusher#warmUp}).
     */
    void warmUpForPush() {
        BuildRequest request = session.request();
        if (request.offline() || !(request.push() || request.outputs().stream().anyMatch(dev.strata.builder.api.OutputSpec::pushes))) {
            return;
        }
        List<ImageReference> targets = new ArrayList<>();
        for (String tag : request.tags()) {
            try {
                targets.add(ImageReference.parse(ImageNames.storeName(tag)));
            } catch (IllegalArgumentException | dev.strata.builder.api.BuildException invalid) {
                // the push reports it
            }
        }
        RegistryPusher.warmUp(targets, options);
    }

    /**
     * Refuses, before any work, an offline request that must send something: a push
     * ({@code --push}, {@code -o type=registry}) or a cache export ({@code --cache-to}).
     */
    static void checkOffline(BuildRequest request) {
        if (!request.offline()) {
            return;
        }
        boolean pushes = request.push() || request.outputs().stream().anyMatch(dev.strata.builder.api.OutputSpec::pushes);
        if (pushes) {
            throw new dev.strata.builder.api.BuildException(offline("pushing the image"));
        }
        if (!request.cacheTo().isEmpty()) {
            throw new dev.strata.builder.api.BuildException(offline("exporting the cache to " + request.cacheTo().get(0).ref()));
        }
    }

    /** The one-line refusal of an offline build ({@code mvn -o}) to use the network for {@code what}. */
    static String offline(String what) {
        return "offline: " + what + " would need the network (run without offline mode)";
    }

    /**
     * Pulls {@code reference} (FROM, COPY --from) for {@code wanted}, reporting the bytes as
     * progress of step {@code step} (none when it is 0).
     */
    BaseImage pull(String reference, Platform wanted, int step) {
        try {
            ImageReference ref = ImageReference.parse(reference);
            PulledImage pulled = new RegistryPuller(session.store(), withProgress(step)).pull(ref, wanted, policy(session.request()));
            return new BaseImage(reference, pulled.image().config(), pulled.image().layers(), pulled.manifestDigest(),
                    pulled.fetchedBlobs() > 0);
        } catch (dev.strata.builder.registry.RegistryException e) {
            if (session.request().offline() && e.notFound() && e.getMessage().contains("--pull=never")) {
                throw new StepException("image \"" + reference + "\" is not in the local store, and "
                        + offline("pulling it"), e);
            }
            // Only the registry's 404 means "not found"; auth, TLS, 5xx and network failures keep their own line.
            throw new StepException("image \"" + reference + "\"" + (e.notFound() ? " not found (not a stage, not a --build-context)" : "")
                    + ": " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new StepException("image \"" + reference + "\": " + e.getMessage(), e);
        }
    }

    /** Pushes the stored image under every name, its manifest byte for byte; progress as for {@link #pull}. */
    PushResult push(StoredImage image, List<String> names, int step) {
        try {
            List<ImageReference> targets = new ArrayList<>();
            for (String name : names) {
                targets.add(ImageReference.parse(name));
            }
            byte[] manifest = session.store().readAllBytes(image.manifest().digest());
            return new RegistryPusher(session.store(), withProgress(step)).push(manifest, targets, ManifestFormat.OCI);
        } catch (IOException | IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException(e.getMessage(), e);
        }
    }

    /**
     * {@code --cache-from}: imports each registry cache into the step cache; a later hit whose
     * layer is not in the store downloads it from there. A cache that cannot be read is a warning,
     * as in BuildKit: the build goes on without it.
     */
    void importCaches(StepIndex index) {
        if (session.request().cacheFrom().stream().noneMatch(c -> c.type() == CacheSpec.Type.REGISTRY) || session.request().noCache()) {
            return;
        }
        if (session.request().offline()) {
            session.emit(new BuildEvent.Warning("", 0, "offline: registry caches (--cache-from) are not imported"));
            return;
        }
        RegistryCache caches = new RegistryCache(session.store(), options);
        for (CacheSpec spec : session.request().cacheFrom()) {
            if (spec.type() != CacheSpec.Type.REGISTRY) {
                continue;
            }
            try {
                caches.importFrom(index.cache(), ImageReference.parse(spec.ref()));
            } catch (IOException | IllegalArgumentException e) {
                session.emit(new BuildEvent.Warning("", 0, "cannot import cache " + spec.ref() + ": " + e.getMessage()));
            }
        }
        index.fetchMissingWith(digest -> {
            try {
                caches.fetchMissing(List.of(digest));
                return session.store().has(digest);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** {@code --cache-to type=registry}: exports the entries of {@code keys} and their layers; returns {@code ref@digest}. */
    String exportCache(CacheSpec spec, StepIndex index, java.util.Set<dev.strata.builder.hash.Digest> keys) {
        try {
            PushResult result = new RegistryCache(session.store(), options).export(index.cache(), keys, ImageReference.parse(spec.ref()));
            return spec.ref() + "@" + result.digest();
        } catch (IOException | IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException("exporting cache to " + spec.ref() + ": " + e.getMessage(), e);
        }
    }

    private static PullPolicy policy(BuildRequest request) {
        if (request.offline()) {
            // what is stored is used even under --pull=always: nothing can be checked for newer
            return PullPolicy.NEVER;
        }
        return switch (request.pullPolicy()) {
            case MISSING -> PullPolicy.MISSING;
            case ALWAYS -> PullPolicy.ALWAYS;
            case NEVER -> PullPolicy.NEVER;
        };
    }

    /** The options whose transfers add up, blob by blob, to progress events of {@code step}. */
    private RegistryOptions withProgress(int step) {
        if (step <= 0) {
            return options;
        }
        Map<dev.strata.builder.hash.Digest, long[]> blobs = new java.util.HashMap<>();
        return options.withListener((direction, blob, done, total) -> {
            long sumDone = 0;
            long sumTotal = 0;
            synchronized (blobs) {
                blobs.put(blob, new long[] {done, total});
                for (long[] b : blobs.values()) {
                    sumDone += b[0];
                    sumTotal = sumTotal < 0 || b[1] < 0 ? -1 : sumTotal + b[1];
                }
            }
            session.emit(new dev.strata.builder.api.BuildEvent.Progress(step, sumDone, sumTotal));
        });
    }
}
