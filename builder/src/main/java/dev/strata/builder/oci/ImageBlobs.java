package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/** An image in the store as exporters need it: its manifest, parsed, and every blob it uses. */
record ImageBlobs(Descriptor descriptor, Manifest manifest, ImageConfig config, Set<Digest> digests) {

    static ImageBlobs load(BlobStore store, Descriptor descriptor) throws IOException {
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            throw new IOException("cannot export " + descriptor.digest().shortHex() + " as one image: it is a multi-platform"
                    + " image index, which a docker archive cannot hold (use the OCI format, or build one --platform)");
        }
        if (!MediaTypes.isManifest(descriptor.mediaType())) {
            throw new IOException("cannot export " + descriptor.digest() + ": media type " + descriptor.mediaType() + " is not an image manifest");
        }
        byte[] bytes = store.readAllBytes(descriptor.digest());
        Manifest manifest = OciJson.read(bytes, Manifest.class, "manifest " + descriptor.digest());
        ImageConfig config = OciJson.read(store.readAllBytes(manifest.config().digest()), ImageConfig.class,
                "config " + manifest.config().digest());
        Set<Digest> digests = new TreeSet<>();
        digests.add(descriptor.digest());
        digests.add(manifest.config().digest());
        for (Descriptor layer : manifest.layers()) {
            if (!store.has(layer.digest())) {
                throw new IOException("layer " + layer.digest() + " of image " + descriptor.digest().shortHex() + " is not in the store");
            }
            digests.add(layer.digest());
        }
        return new ImageBlobs(descriptor, manifest, config, digests);
    }

    /**
     * Every blob of the image or image index {@code descriptor}: an index, its manifests and
     * theirs (platform images and attestations alike), for exporters that copy blobs.
     */
    static Set<Digest> all(BlobStore store, Descriptor descriptor) throws IOException {
        if (!MediaTypes.isIndex(descriptor.mediaType())) {
            return load(store, descriptor).digests();
        }
        Index index = OciJson.read(store.readAllBytes(descriptor.digest()), Index.class, "index " + descriptor.digest());
        Set<Digest> digests = new TreeSet<>();
        digests.add(descriptor.digest());
        for (Descriptor child : index.manifests()) {
            if (!MediaTypes.isManifest(child.mediaType())) {
                throw new IOException("cannot export index " + descriptor.digest().shortHex() + ": its entry " + child.digest().shortHex()
                        + " has media type " + child.mediaType() + ", not an image manifest");
            }
            digests.addAll(load(store, child).digests());
        }
        return digests;
    }
}
