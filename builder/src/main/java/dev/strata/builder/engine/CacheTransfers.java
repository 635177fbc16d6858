package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.cache.LocalCache;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code --cache-from} and {@code --cache-to} of every type: local layouts here, registries through
 * {@link RegistryImages}. {@code mode=min} exports only the final stage's steps (the parent chain of
 * its last key); {@code mode=max} every step the build ran or hit. Thread-safe.
 */
final class CacheTransfers {
    private final BuildSession session;
    private final RegistryImages registries;
    private final LocalCache local;

    CacheTransfers(BuildSession session, RegistryImages registries) {
        this.session = session;
        this.registries = registries;
        this.local = new LocalCache(session.store());
    }

    /** Imports every {@code --cache-from}; one that cannot be read is a warning, as in BuildKit. */
    void importAll(StepIndex index) {
        registries.importCaches(index);
        if (session.request().noCache()) {
            return;
        }
        boolean any = false;
        for (CacheSpec spec : session.request().cacheFrom()) {
            if (spec.type() != CacheSpec.Type.LOCAL) {
                continue;
            }
            any = true;
            try {
                local.importFrom(index.cache(), spec.directory().orElseThrow(), spec.tag());
            } catch (IOException | RuntimeException e) {
                session.emit(new BuildEvent.Warning("", 0, "cannot import cache " + spec.ref() + ": " + e.getMessage()));
            }
        }
        if (any) {
            index.fetchMissingWith(local::fetch);
        }
    }

    /** Exports every {@code --cache-to}; returns what went where ({@code ref@digest}). */
    List<String> exportAll(StepIndex index, List<String> finalKeys) {
        List<String> done = new ArrayList<>();
        for (CacheSpec spec : session.request().cacheTo()) {
            Set<Digest> keys = new java.util.LinkedHashSet<>();
            if (spec.min()) {
                finalKeys.forEach(k -> keys.addAll(index.chain(k)));
            } else {
                keys.addAll(index.usedKeys());
            }
            if (spec.type() == CacheSpec.Type.REGISTRY) {
                done.add(registries.exportCache(spec, index, keys));
                continue;
            }
            try {
                Digest digest = local.export(index.cache(), keys, spec.directory().orElseThrow(), spec.tag());
                done.add(spec.ref() + "@" + digest);
            } catch (IOException | RuntimeException e) {
                throw new BuildException("exporting cache to " + spec.ref() + ": " + e.getMessage(), e);
            }
        }
        return done;
    }
}
