package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.hash.Digest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An OCI content descriptor: media type, digest, size, and optional annotations and platform. */
public record Descriptor(
        String mediaType,
        String artifactType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        Map<String, JsonNode> extra) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "descriptor mediaType");
        Objects.requireNonNull(digest, "descriptor digest");
        urls = Extra.list(urls);
        annotations = Extra.sorted(annotations);
        extra = Extra.copy(extra);
    }

    /** A plain descriptor. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, null, digest, size, null, null, null, null);
    }

    /** A plain descriptor of a stored blob. */
    public static Descriptor of(String mediaType, BlobDescriptor blob) {
        return of(mediaType, blob.digest(), blob.size());
    }

    /** The blob this descriptor points at. */
    public BlobDescriptor blob() {
        return new BlobDescriptor(digest, size);
    }

    /** An annotation's value, or null. */
    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }

    /** The same descriptor with another media type. */
    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, artifactType, digest, size, urls, annotations, platform, extra);
    }

    /** The same descriptor with {@code key=value} added to (or replaced in) its annotations. */
    public Descriptor withAnnotation(String key, String value) {
        Map<String, String> merged = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        merged.put(key, value);
        return new Descriptor(mediaType, artifactType, digest, size, urls, merged, platform, extra);
    }

    /** The same descriptor with these annotations (null: none). */
    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, artifactType, digest, size, urls, newAnnotations, platform, extra);
    }

    /** The same descriptor with a platform. */
    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, artifactType, digest, size, urls, annotations, newPlatform, extra);
    }

    // equals and hashCode written out: a record's generated ones link a method-handle bootstrap on
    // first call, ~15 ms for this many components, and every build compares descriptors when it
    // updates the store's index
    @Override
    public boolean equals(Object other) {
        return other instanceof Descriptor d && size == d.size && mediaType.equals(d.mediaType) && digest.equals(d.digest)
                && Objects.equals(artifactType, d.artifactType) && Objects.equals(urls, d.urls)
                && Objects.equals(annotations, d.annotations) && Objects.equals(platform, d.platform) && extra.equals(d.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, artifactType, digest, size, urls, annotations, platform, extra);
    }
}
