package dev.strata.builder.oci;

import dev.strata.builder.hash.Digest;
import java.util.Objects;

/**
 * An image whose manifest, config and layers are all in the store. {@code manifest} is the
 * manifest's descriptor (its digest is the image digest, {@code containerimage.digest});
 * {@code configDigest} is the image ID.
 */
public record StoredImage(Descriptor manifest, Digest configDigest) {
    public StoredImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(configDigest, "configDigest");
    }
}
