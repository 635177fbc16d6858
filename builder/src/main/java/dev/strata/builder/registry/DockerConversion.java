package dev.strata.builder.registry;

import dev.strata.builder.layer.Compression;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --format docker}: rewrites an OCI image manifest as a Docker v2 schema 2 manifest. The
 * config and layer blobs stay byte for byte (an OCI config is a valid Docker config); only media
 * types change. Annotations, {@code subject} and {@code artifactType} have no v2s2 equivalent and
 * are dropped; zstd layers cannot be expressed and are refused.
 */
final class DockerConversion {
    private DockerConversion() {}

    private static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /** The v2s2 bytes for the OCI image manifest {@code manifest}. */
    static byte[] toDocker(Manifest manifest, String what) throws RegistryException {
        List<Descriptor> layers = new ArrayList<>();
        for (Descriptor layer : manifest.layers()) {
            String docker;
            if (Documents.isForeign(layer.mediaType())) {
                docker = DOCKER_FOREIGN_LAYER;
            } else {
                try {
                    docker = Compression.ofMediaType(layer.mediaType()).dockerMediaType();
                } catch (IllegalArgumentException e) {
                    docker = null;
                }
            }
            if (docker == null) {
                throw new RegistryException(what + ": layer " + layer.digest().shortHex() + " has media type " + layer.mediaType()
                        + ", which a Docker v2s2 manifest cannot describe (zstd layers need --format oci)");
            }
            layers.add(new Descriptor(docker, null, layer.digest(), layer.size(), layer.urls(), null, null, null));
        }
        Descriptor config = Descriptor.of(MediaTypes.DOCKER_CONFIG, manifest.config().digest(), manifest.config().size());
        return OciJson.write(Manifest.of(MediaTypes.DOCKER_MANIFEST, config, layers, null));
    }
}
