package dev.strata.builder.api;

import java.util.List;
import java.util.Objects;

/**
 * What a successful build produced.
 *
 * @param imageId the config digest ({@code sha256:...}), what {@code --iidfile} writes; for a
 *     multi-platform build the index digest (buildx's iidfile then holds it too)
 * @param manifestDigest the digest of the image manifest, or of the image index of a multi-platform build
 * @param tags the names the image was stored under, as given
 */
public record BuildResult(String imageId, String manifestDigest, List<String> tags) {
    public BuildResult {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        tags = List.copyOf(tags);
    }
}
