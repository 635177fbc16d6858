package dev.strata.builder.registry;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.oci.Index;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.oci.ResolvedImage;
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
        String what = reference.toString();
        try (Pull pull = new Pull(reference, policy)) {
            Digest digest = pull.resolveTop();
            byte[] bytes = pull.manifest(digest);
            String mediaType = Documents.mediaType(bytes, null, what);
            if (MediaTypes.isIndex(mediaType)) {
                Index index = OciJson.read(bytes, Index.class, what);
                Descriptor chosen = PlatformChoice.choose(index.manifests(), platform, reference);
                Sizes.check(reference, "manifest", chosen, RegistrySession.DOCUMENT_LIMIT);
                digest = chosen.digest();
                bytes = pull.manifest(digest);
                if (bytes.length != chosen.size()) {
                    throw new RegistryException("pulling " + reference + ": the index declares " + chosen.size() + " bytes for manifest "
                            + digest + ", which has " + bytes.length + " (refusing the image)");
                }
                mediaType = Documents.mediaType(bytes, chosen.mediaType(), what);
            }
            if (!MediaTypes.isManifest(mediaType)) {
                throw new RegistryException("pulling " + reference + ": unsupported manifest type " + mediaType);
            }
            Manifest manifest = OciJson.read(bytes, Manifest.class, what);
            List<Descriptor> blobs = new ArrayList<>();
            Sizes.check(reference, "config", manifest.config(), RegistrySession.DOCUMENT_LIMIT);
            blobs.add(manifest.config());
            for (Descriptor layer : manifest.layers()) {
                Sizes.check(reference, "layer", layer, RegistrySession.BLOB_LIMIT);
                if (!Documents.isForeign(layer.mediaType())) {
                    blobs.add(layer);
                }
            }
            int fetched = pull.blobs(blobs);
            byte[] configBytes = store.readAllBytes(manifest.config().digest());
            ImageConfig config = OciJson.read(configBytes, ImageConfig.class, what + " config");
            Descriptor descriptor = Descriptor.of(mediaType, digest, bytes.length).withPlatform(config.platform());
            return new PulledImage(reference.withDigest(digest), new ResolvedImage(descriptor, bytes, manifest, configBytes, config), fetched);
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
                throw new RegistryException(reference + ": " + need + " is not in the local store, and --pull=never forbids fetching it",
                        null, true);
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

        /** Fetches the blobs the store lacks; returns how many. */
        int blobs(List<Descriptor> blobs) throws IOException {
            List<Descriptor> missing = new ArrayList<>();
            for (Descriptor blob : blobs) {
                if (!store.has(blob.digest())) {
                    missing.add(blob);
                } else if (store.size(blob.digest()) != blob.size()) {
                    // the stored blob matches its digest, so the descriptor's size is the lie
                    throw new RegistryException("pulling " + reference + ": the manifest declares " + blob.size() + " bytes for "
                            + blob.digest() + ", which has " + store.size(blob.digest()) + " (refusing the image)");
                }
            }
            if (missing.isEmpty()) {
                return 0;
            }
            RegistrySession open = session(missing.size() + " blob(s)");
            Parallel.run(missing, blob -> {
                open.pullBlob(blob.digest(), blob.size(), store);
                records.recordSource(blob.digest(), reference.registry(), reference.repository());
            });
            return missing.size();
        }

        @Override
        public void close() throws IOException {
            if (session != null) {
                session.close();
            }
        }
    }
}
