package dev.strata.builder.store;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.CompressedImages;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.registry.ImageReference;
import dev.strata.builder.registry.PullPolicy;
import dev.strata.builder.registry.PulledImage;
import dev.strata.builder.registry.PushResult;
import dev.strata.builder.registry.RegistryOptions;
import dev.strata.builder.registry.RegistryPuller;
import dev.strata.builder.registry.RegistryPusher;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code push} and {@code pull} between the store and registries, through the registry package
 * with the Docker client's credentials ({@code $DOCKER_CONFIG} or {@code ~/.docker}). Thread-safe.
 */
final class StoreRegistry {
    private final BlobStore store;
    private final RegistryOptions options;

    StoreRegistry(BlobStore store, Set<String> insecureRegistries) {
        this.store = store;
        this.options = RegistryOptions.defaults(System.getenv()).withInsecureRegistries(Set.copyOf(insecureRegistries));
    }

    /** Pushes the image {@code ref} names to {@code destination} (its own name when null); returns the manifest digest. */
    String push(String ref, String destination) throws IOException {
        StoreRefs.Entry e = new StoreRefs(store).resolve(ref);
        String target = destination != null ? destination : e.name();
        if (target == null) {
            throw new BuildException("push: image " + e.image().configDigest().shortHex() + " has no name; give a destination");
        }
        // the named document as stored: a multi-platform image goes up as its index with every platform
        // compressed first (the store keeps tar layers); the name then shows the pushed form, as after `build --push`
        dev.strata.builder.oci.StoredImage shipped = CompressedImages.gzip(store, e.top());
        byte[] top = store.readAllBytes(shipped.manifest().digest());
        PushResult result = new RegistryPusher(store, options).push(top, List.of(parse(target)), ManifestFormat.OCI);
        if (e.name() != null && !shipped.manifest().digest().equals(e.top().digest())) {
            OciLayoutWriter.tag(store, e.name(), shipped.manifest());
        }
        return result.digest().toString();
    }

    /** Pulls {@code ref} for {@code platform} (the host's when null) and names it {@code ref} in the store. */
    String pull(String ref, String platform) throws IOException {
        ImageReference reference = parse(ref);
        Platform wanted;
        try {
            wanted = platform != null ? Platform.parse(platform) : Platform.host();
        } catch (IllegalArgumentException e) {
            throw new BuildException("invalid platform \"" + platform + "\": " + e.getMessage(), e);
        }
        PulledImage pulled = new RegistryPuller(store, options).pull(reference, wanted, PullPolicy.ALWAYS);
        String name = StoreRefs.validName(ArchiveLoader.familiar(ref.trim()));
        OciLayoutWriter.tag(store, name, pulled.image().descriptor());
        return name;
    }

    private static ImageReference parse(String text) {
        try {
            return ImageReference.parse(text.trim());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new BuildException(message.startsWith("invalid") ? message : "invalid image reference \"" + text + "\": " + message, e);
        }
    }
}
