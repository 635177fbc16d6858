package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/** An image in the store as exporters need it: its manifest, parsed, and every blob it uses. */
record ImageBlobs(Descriptor descriptor, Manifest manifest, ImageConfig config, Set<Digest> digests) {

    static ImageBlobs load(BlobStore store, Descriptor descriptor) throws IOException {
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
}
