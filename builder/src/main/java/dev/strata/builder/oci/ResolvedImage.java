package dev.strata.builder.oci;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Layer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A platform-specific image found in a layout (or a registry): its manifest descriptor, the
 * manifest bytes exactly as stored (their digest is the descriptor's), and the parsed manifest
 * and config.
 */
public record ResolvedImage(Descriptor descriptor, byte[] manifestBytes, Manifest manifest, byte[] configBytes, ImageConfig config) {
    public ResolvedImage {
        Objects.requireNonNull(descriptor, "descriptor");
        manifestBytes = manifestBytes.clone();
        Objects.requireNonNull(manifest, "manifest");
        configBytes = configBytes.clone();
        Objects.requireNonNull(config, "config");
    }

    @Override
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    @Override
    public byte[] configBytes() {
        return configBytes.clone();
    }

    /** The image ID. */
    public Digest configDigest() {
        return manifest.config().digest();
    }

    /**
     * The layers, bottom first, each with its diff ID from the config; the media types are
     * normalised to OCI names (the bytes, and so the digests, are unchanged).
     */
    public List<Layer> layers() throws IOException {
        List<Descriptor> descriptors = manifest.layers();
        List<Digest> diffIds = config.rootfs().diffIds();
        if (descriptors.size() != diffIds.size()) {
            throw new IOException("image " + descriptor.digest().shortHex() + ": manifest lists " + descriptors.size()
                    + " layers but the config has " + diffIds.size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < descriptors.size(); i++) {
            Descriptor d = descriptors.get(i);
            Compression compression;
            try {
                compression = Compression.ofMediaType(d.mediaType());
            } catch (IllegalArgumentException e) {
                throw new IOException("image " + descriptor.digest().shortHex() + ": layer " + d.digest().shortHex() + ": " + e.getMessage(), e);
            }
            layers.add(new Layer(d.digest(), diffIds.get(i), d.size(), compression.mediaType()));
        }
        return layers;
    }
}
