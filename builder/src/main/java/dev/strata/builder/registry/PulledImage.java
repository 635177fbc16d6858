package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.ResolvedImage;
import java.util.Objects;

/**
 * A base image now complete in the local store (manifest, config, every layer, byte for byte):
 * what a registry served for the requested platform.
 *
 * @param reference the reference as requested, pinned to the digest of the platform's manifest
 * @param image the manifest exactly as served (not the index), its config, parsed and raw
 * @param fetchedBlobs how many blobs (config, layers) had to be downloaded; 0 when all were stored
 */
public record PulledImage(ImageReference reference, ResolvedImage image, int fetchedBlobs) {
    public PulledImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(image, "image");
    }

    /** The digest of the platform's manifest. */
    public Digest manifestDigest() {
        return image.descriptor().digest();
    }
}
