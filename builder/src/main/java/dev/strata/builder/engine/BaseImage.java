package dev.strata.builder.engine;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.ImageConfig;
import java.util.List;
import java.util.Objects;

/**
 * An image a stage starts from (or COPY --from reads): its config, its layers (blobs already in
 * the store, reused byte for byte) and the digest of its manifest.
 *
 * @param name how the Dockerfile named it, for messages
 * @param fetched true when its blobs had to be copied into the store (progress shows DONE, not CACHED)
 */
record BaseImage(String name, ImageConfig config, List<Layer> layers, Digest manifestDigest, boolean fetched) {
    BaseImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(manifestDigest, "manifestDigest");
    }
}
