package dev.strata.builder.registry;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.ManifestFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes an image from the local {@link BlobStore} to registries: only blobs the registry lacks
 * (a HEAD each), mounted from another repository of the same registry when one is known to hold
 * them, uploaded a few in parallel otherwise; then the manifest, byte for byte, under every tag.
 * An OCI index is pushed with its platform manifests. Thread-safe.
 */
public final class RegistryPusher {
    private final BlobStore store;
    private final RegistryOptions options;
    private final LocalRecords records;

    public RegistryPusher(BlobStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
        this.records = new LocalRecords(store);
    }

    /**
     * Readies this JVM for a push to {@code targets} that comes later (a build's {@code --push}):
     * on a daemon thread, one anonymous, read-only conversation with each target's registry (see
     * {@link RegistrySession#probe}), so that the HTTP, TLS and registry client code is loaded and
     * initialised while the build runs rather than after its last layer is compressed (~0.2 s of one
     * core before the first request of a push). Reads no credentials; failures are ignored, the push
     * reports its own.
     */
    public static void warmUp(List<ImageReference> targets, RegistryOptions options) {
        Map<String, ImageReference> byRegistry = new LinkedHashMap<>();
        for (ImageReference target : targets) {
            byRegistry.putIfAbsent(target.registry(), target);
        }
        if (byRegistry.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> {
            for (ImageReference target : byRegistry.values()) {
                try {
                    RegistrySession.probe(target.registry(), target.repository(), options);
                } catch (IOException | com.google.cloud.tools.jib.api.RegistryException | RuntimeException ignored) {
                    // the push opens its own session and reports what fails there
                }
            }
        }, "strata-registry-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Pushes the image whose manifest (or index) is {@code manifestBytes}, its blobs read from the
     * store, to every target ({@code -t} names; a target's tag or digest is where the manifest
     * goes). With {@link ManifestFormat#DOCKER} an OCI manifest is converted to v2s2 first (the
     * converted manifest is also stored).
     */
    public PushResult push(byte[] manifestBytes, List<ImageReference> targets, ManifestFormat format) throws IOException {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no push targets");
        }
        Image image = Image.of(manifestBytes, format, store, targets.get(0).toString());
        Map<String, List<ImageReference>> byRepository = new LinkedHashMap<>();
        for (ImageReference target : targets) {
            byRepository.computeIfAbsent(target.name(), k -> new ArrayList<>()).add(target);
        }
        AtomicInteger uploaded = new AtomicInteger();
        AtomicInteger mounted = new AtomicInteger();
        for (List<ImageReference> group : byRepository.values()) {
            ImageReference first = group.get(0);
            try (RegistrySession session = RegistrySession.open(first.registry(), first.repository(), true, options)) {
                pushBlobs(session, first, image.blobs(), uploaded, mounted);
                for (Image.Document child : image.children()) {
                    session.pushManifest(child.bytes(), child.mediaType(), child.digest().toString());
                }
                for (ImageReference target : group) {
                    session.pushManifest(image.bytes(), image.mediaType(), target.tag() != null ? target.tag() : target.qualifier());
                    if (target.tag() != null) {
                        records.recordTag(target, image.digest());
                    }
                }
            }
        }
        return new PushResult(image.digest(), uploaded.get(), mounted.get());
    }

    private void pushBlobs(RegistrySession session, ImageReference target, List<Descriptor> blobs,
            AtomicInteger uploaded, AtomicInteger mounted) throws IOException {
        for (Descriptor blob : blobs) {
            if (!store.has(blob.digest())) {
                throw new RegistryException("pushing " + Failures.shortDigest(blob.digest()) + " to " + target.name()
                        + ": the blob is not in the local store");
            }
        }
        Parallel.run(blobs, blob -> {
            Digest digest = blob.digest();
            if (session.blobSize(digest).isPresent()) {
                options.listener().progress(TransferListener.Direction.PUSH, digest, blob.size(), blob.size());
            } else {
                String from = mountSource(digest, target);
                boolean wasMounted = session.pushBlob(digest, blob.size(), store, from);
                (wasMounted ? mounted : uploaded).incrementAndGet();
            }
            records.recordSource(digest, target.registry(), target.repository());
        });
    }

    /** A repository of the target's registry known to hold {@code digest}, other than the target's. */
    private String mountSource(Digest digest, ImageReference target) throws IOException {
        String prefix = target.registry() + "/";
        for (String source : records.sources(digest)) {
            if (source.startsWith(prefix) && !source.equals(target.name())) {
                return source.substring(prefix.length());
            }
        }
        return null;
    }
}
