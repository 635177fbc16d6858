package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pulls images into the local {@link BlobStore}: manifests byte for byte, every blob verified
 * while streaming, blobs already stored never fetched again. Resolves OCI indexes and Docker
 * manifest lists to the requested platform. Remembers tags, so {@link PullPolicy#MISSING} works
 * offline; a digest reference whose blobs are stored never contacts the registry.
 * Thread-safe; pulls of different images may run in parallel.
 */
public final class RegistryPuller {
    private final BlobStore store;
    private final RegistryOptions options;
    private final LocalRecords records;

    public RegistryPuller(BlobStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
        this.records = new LocalRecords(store);
    }

    /**
     * Makes {@code reference} (for {@code platform}) complete in the store and describes it.
     *
     * @throws RegistryException when the registry fails or refuses, the image or the platform is
     *     missing, a digest does not match, or {@code policy} is NEVER and the image is not stored
     */
    public PulledImage pull(ImageReference reference, Platform platform, PullPolicy policy) throws IOException {
        try (Pull pull = new Pull(reference, policy)) {
            Digest top = pull.resolveTop();
            byte[] topBytes = pull.manifest(top);
            JsonNode topJson = ManifestJson.parse(topBytes, reference.toString());
            String topType = MediaTypes.of(topJson, null);
            Digest manifestDigest = top;
            byte[] manifestBytes = topBytes;
            JsonNode manifest = topJson;
            if (MediaTypes.isIndex(topType)) {
                manifestDigest = PlatformChoice.choose(ManifestJson.manifests(topJson, reference.toString()), platform, reference).digest();
                manifestBytes = pull.manifest(manifestDigest);
                manifest = ManifestJson.parse(manifestBytes, reference + " (" + platform + ")");
            }
            String mediaType = MediaTypes.of(manifest, null);
            if (!MediaTypes.isManifest(mediaType)) {
                throw new RegistryException("pulling " + reference + ": unsupported manifest type " + mediaType);
            }
            ManifestJson.Entry config = ManifestJson.config(manifest, reference.toString());
            List<BlobRef> layers = new ArrayList<>();
            for (ManifestJson.Entry layer : ManifestJson.layers(manifest, reference.toString())) {
                layers.add(layer.blob());
            }
            List<BlobRef> blobs = new ArrayList<>(layers);
            blobs.add(0, config.blob());
            pull.blobs(blobs);
            return new PulledImage(reference.withDigest(manifestDigest), manifestDigest, mediaType, manifestBytes,
                    config.blob(), store.readAllBytes(config.digest()), layers);
        }
    }

    /** One pull: opens a registry session only when something must be fetched. Not thread-safe. */
    private final class Pull implements AutoCloseable {
        private final ImageReference reference;
        private final PullPolicy policy;
        private RegistrySession session;

        Pull(ImageReference reference, PullPolicy policy) {
            this.reference = reference;
            this.policy = policy;
        }

        private RegistrySession session(String need) throws RegistryException {
            if (policy == PullPolicy.NEVER) {
                throw new RegistryException(reference + ": " + need + " is not in the local store, and --pull=never forbids fetching it");
            }
            if (session == null) {
                session = RegistrySession.open(reference.registry(), reference.repository(), false, options);
            }
            return session;
        }

        Digest resolveTop() throws IOException {
            if (reference.digest() != null) {
                return reference.digest();
            }
            Optional<Digest> known = records.tag(reference).filter(store::has);
            if (known.isPresent() && policy != PullPolicy.ALWAYS) {
                return known.get();
            }
            RawManifest fetched = session("the image").manifest(reference.tag());
            store.put(fetched.bytes());
            records.recordTag(reference, fetched.digest());
            return fetched.digest();
        }

        byte[] manifest(Digest digest) throws IOException {
            if (store.has(digest)) {
                return store.readAllBytes(digest);
            }
            RawManifest fetched = session("manifest " + digest).manifest(digest.toString());
            if (!fetched.digest().equals(digest)) {
                throw new RegistryException("pulling " + reference.name() + "@" + digest + ": the registry served a manifest with digest " + fetched.digest());
            }
            store.put(fetched.bytes());
            return fetched.bytes();
        }

        void blobs(List<BlobRef> blobs) throws IOException {
            List<BlobRef> missing = new ArrayList<>();
            for (BlobRef blob : blobs) {
                if (!store.has(blob.digest())) {
                    missing.add(blob);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            RegistrySession open = session(missing.size() + " blob(s)");
            Parallel.run(missing, blob -> {
                open.pullBlob(blob.digest(), blob.size(), store);
                records.recordSource(blob.digest(), reference.registry(), reference.repository());
            });
        }

        @Override
        public void close() throws IOException {
            if (session != null) {
                session.close();
            }
        }
    }
}
