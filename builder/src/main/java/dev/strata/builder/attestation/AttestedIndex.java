package dev.strata.builder.attestation;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Index;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.StoredImage;
import java.io.IOException;
import java.util.List;

/**
 * The OCI image index of a single-platform image with attestations, as BuildKit writes it: the
 * image's manifest (with its platform), then its attestation manifest.
 */
public final class AttestedIndex {
    private AttestedIndex() {}

    /** Stores the index; the result's ID is the index digest (what Docker names such an image by). */
    public static StoredImage write(BlobStore store, StoredImage image, Descriptor attestation) throws IOException {
        return write(store, image, attestation, java.util.Map.of(), java.util.Map.of());
    }

    /**
     * As {@link #write(BlobStore, StoredImage, Descriptor)}, with {@code --annotation}s for the index
     * ({@code index:}) and for the image's descriptor in it ({@code manifest-descriptor:}), as buildx
     * places them once attestations make a single-platform image an index.
     */
    public static StoredImage write(BlobStore store, StoredImage image, Descriptor attestation,
            java.util.Map<String, String> indexAnnotations, java.util.Map<String, String> descriptorAnnotations) throws IOException {
        Descriptor entry = Descriptor.of(image.manifest().mediaType(), image.manifest().digest(), image.manifest().size())
                .withPlatform(image.manifest().platform());
        if (!descriptorAnnotations.isEmpty()) {
            entry = entry.withAnnotations(descriptorAnnotations);
        }
        Index index = new Index(2, MediaTypes.OCI_INDEX, null, List.of(entry, attestation), null,
                indexAnnotations.isEmpty() ? null : indexAnnotations, null);
        BlobDescriptor blob = store.put(OciJson.write(index));
        return new StoredImage(Descriptor.of(MediaTypes.OCI_INDEX, blob), blob.digest());
    }
}
