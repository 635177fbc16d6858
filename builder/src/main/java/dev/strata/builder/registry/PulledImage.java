package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;
import java.util.List;

/**
 * A base image now complete in the local store: its manifest exactly as the registry served it
 * (for the requested platform, when the reference named an index), its config and its layers.
 *
 * @param reference the reference as requested, pinned to the digest of what was resolved
 * @param manifestDigest the digest of {@code manifestBytes} (of the platform's manifest, not the index)
 * @param mediaType the manifest's media type (OCI or Docker v2s2)
 * @param manifestBytes the manifest, byte for byte
 * @param config the config blob's descriptor
 * @param configBytes the config JSON, byte for byte
 * @param layers the layers, base first, byte for byte in the store
 */
public record PulledImage(ImageReference reference, Digest manifestDigest, String mediaType, byte[] manifestBytes,
        BlobRef config, byte[] configBytes, List<BlobRef> layers) {
    public PulledImage {
        layers = List.copyOf(layers);
    }
}
