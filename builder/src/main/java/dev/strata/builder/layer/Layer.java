package dev.strata.builder.layer;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.hash.Digest;
import java.util.Objects;

/**
 * A layer blob in the store: {@code digest} and {@code size} of the (compressed) blob,
 * {@code diffId} of the uncompressed tar (what the image config's {@code rootfs.diff_ids} lists),
 * and its OCI media type.
 */
public record Layer(Digest digest, Digest diffId, long size, String mediaType) {
    public Layer {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
        if (size < 0) {
            throw new IllegalArgumentException("negative layer size");
        }
    }

    /** The blob's digest and size. */
    public BlobDescriptor blob() {
        return new BlobDescriptor(digest, size);
    }

    /** How the blob is compressed. */
    public Compression compression() {
        return Compression.ofMediaType(mediaType);
    }
}
