package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a multi-platform image's index into the store: an OCI image index (or, for
 * {@link ManifestFormat#DOCKER}, a Docker manifest list) listing each platform's manifest with its
 * platform, in the order given, as BuildKit writes it. Other entries (attestation manifests, whose
 * descriptors carry their own annotations) are added with {@link Entries#add}; index annotations
 * are OCI only. Thread-safe.
 */
public final class IndexAssembler {
    private final BlobStore store;

    public IndexAssembler(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The entries of an index being put together, in order. Not thread-safe. */
    public static final class Entries {
        private final List<Descriptor> manifests = new ArrayList<>();

        /** Adds a platform image: its manifest descriptor with the platform of its config. */
        public Entries image(StoredImage image) {
            manifests.add(Descriptor.of(image.manifest().mediaType(), image.manifest().digest(), image.manifest().size())
                    .withPlatform(image.manifest().platform()));
            return this;
        }

        /** Adds any descriptor as it is (an attestation manifest, say). */
        public Entries add(Descriptor descriptor) {
            manifests.add(Objects.requireNonNull(descriptor, "descriptor"));
            return this;
        }

        public List<Descriptor> manifests() {
            return List.copyOf(manifests);
        }
    }

    /**
     * Stores the index of {@code entries} and returns it as a stored image whose manifest is the
     * index's descriptor and whose ID is the index digest (as Docker's containerd store names a
     * multi-platform image).
     */
    public StoredImage assemble(Entries entries, ManifestFormat format, Map<String, String> annotations) throws IOException {
        List<Descriptor> manifests = entries.manifests();
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("an image index needs at least one manifest");
        }
        for (Descriptor d : manifests) {
            if (!store.has(d.digest())) {
                throw new IOException("manifest " + d.digest() + " is not in the store " + store.root());
            }
        }
        String mediaType = format == ManifestFormat.DOCKER ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
        Map<String, String> indexAnnotations = format == ManifestFormat.OCI && annotations != null && !annotations.isEmpty() ? annotations : null;
        Index index = new Index(2, mediaType, null, manifests, null, indexAnnotations, null);
        BlobDescriptor blob = store.put(OciJson.write(index));
        Descriptor descriptor = Descriptor.of(mediaType, blob);
        return new StoredImage(descriptor, blob.digest());
    }
}
