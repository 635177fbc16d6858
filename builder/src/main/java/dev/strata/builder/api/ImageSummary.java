package dev.strata.builder.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One named image in the local store, as {@code strata images} lists it: {@code repository} and
 * {@code tag} (both {@code <none>} for an unnamed entry), the image ID (config digest), the
 * manifest digest, when it was created (empty when the config has no time) and its size: the
 * compressed layers plus config plus manifest, as stored.
 */
public record ImageSummary(String repository, String tag, String id, String manifestDigest, Optional<Instant> created, long size) {
    public ImageSummary {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(created, "created");
    }

    /** {@code repository:tag}. */
    public String name() {
        return repository + ":" + tag;
    }
}
