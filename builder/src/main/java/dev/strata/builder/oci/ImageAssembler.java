package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.Layer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an image's config and manifest blobs into the store, given layers already there.
 * The config's {@code rootfs.diff_ids} are set from the layers, so they always agree.
 * Thread-safe.
 */
public final class ImageAssembler {
    private final BlobStore store;

    public ImageAssembler(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Stores {@code config} and a manifest of {@code format} listing {@code layers} (bottom
     * first) and {@code annotations} (OCI only: a Docker v2s2 manifest has none).
     */
    public StoredImage assemble(ImageConfig config, List<Layer> layers, ManifestFormat format, Map<String, String> annotations)
            throws IOException {
        List<Digest> diffIds = new ArrayList<>();
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (Layer layer : layers) {
            if (!store.has(layer.digest())) {
                throw new IOException("layer " + layer.digest() + " is not in the store " + store.root());
            }
            diffIds.add(layer.diffId());
            layerDescriptors.add(Descriptor.of(format.layerMediaType(layer), layer.digest(), layer.size()));
        }
        RootFs rootfs = new RootFs(config.rootfs().type(), diffIds, config.rootfs().extra());
        byte[] configBytes = OciJson.write(config.withRootFs(rootfs));
        BlobDescriptor configBlob = store.put(configBytes);
        Manifest manifest = Manifest.of(format.manifestMediaType(), Descriptor.of(format.configMediaType(), configBlob),
                layerDescriptors, format == ManifestFormat.OCI ? annotations : null);
        BlobDescriptor manifestBlob = store.put(OciJson.write(manifest));
        Descriptor descriptor = Descriptor.of(format.manifestMediaType(), manifestBlob)
                .withPlatform(new Platform(config.architecture(), config.os(), config.osVersion(), config.osFeatures(),
                        config.variant(), null, null));
        return new StoredImage(descriptor, configBlob.digest());
    }
}
