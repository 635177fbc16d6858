package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;
import java.util.Objects;

/** A blob a manifest points to: its media type, digest and size. */
public record BlobRef(String mediaType, Digest digest, long size) {
    public BlobRef {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
    }
}
