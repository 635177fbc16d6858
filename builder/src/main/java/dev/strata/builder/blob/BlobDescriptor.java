package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import java.util.Objects;

/** A blob's digest and size in bytes: what a store needs to find and verify it. */
public record BlobDescriptor(Digest digest, long size) {
    public BlobDescriptor {
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative blob size " + size);
        }
    }
}
