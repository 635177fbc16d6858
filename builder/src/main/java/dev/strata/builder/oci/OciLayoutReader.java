package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads images from an OCI image layout directory: resolves a tag (the
 * {@code org.opencontainers.image.ref.name} annotation) or a digest, walks indexes (OCI and
 * Docker manifest lists) to the wanted platform's manifest, verifies every blob it reads, and
 * copies an image's blobs byte for byte into a {@link BlobStore}. Thread-safe.
 */
public final class OciLayoutReader {
    private static final int MAX_INDEX_DEPTH = 4;
    /** Manifests, indexes and configs are read whole: refuse absurd ones rather than run out of memory. */
    static final long MAX_DOCUMENT = 16L << 20;

    private final Path layout;

    private OciLayoutReader(Path layout) {
        this.layout = layout;
    }

    /** Opens {@code layout}; fails unless it holds {@code oci-layout} and {@code index.json}. */
    public static OciLayoutReader open(Path layout) throws IOException {
        Path dir = layout.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("oci-layout")) || !Files.isRegularFile(dir.resolve("index.json"))) {
            throw new NoSuchFileException(dir.toString(), null, "not an OCI image layout (no oci-layout or index.json)");
        }
        return new OciLayoutReader(dir);
    }

    public Path layout() {
        return layout;
    }

    /**
     * The image {@code reference} names for {@code platform}: a tag, a {@code sha256:} digest
     * (of a manifest or an index), or null for the layout's only image.
     */
    public ResolvedImage resolve(String reference, Platform platform) throws IOException {
        Index index = OciLayoutWriter.readIndex(layout);
        List<Descriptor> candidates = select(index, reference);
        Descriptor top = candidates.size() == 1 ? candidates.get(0)
                : PlatformSelector.choose(candidates, platform, layout + ":" + reference);
        return descend(top, platform, 0);
    }

    private List<Descriptor> select(Index index, String reference) throws IOException {
        List<Descriptor> manifests = index.manifests();
        if (reference == null) {
            if (manifests.size() == 1) {
                return manifests;
            }
            throw new IOException(layout + ": " + manifests.size() + " images in the layout; name one by tag or digest"
                    + available(index));
        }
        if (reference.startsWith("sha256:")) {
            Digest digest = Digest.parse(reference);
            for (Descriptor d : manifests) {
                if (d.digest().equals(digest)) {
                    return List.of(d);
                }
            }
            byte[] bytes = readVerified(digest, "manifest");
            String mediaType = OciJson.tree(bytes, layout + "/blobs/sha256/" + digest.hex()).path("mediaType").asText(MediaTypes.OCI_MANIFEST);
            return List.of(Descriptor.of(mediaType, digest, bytes.length));
        }
        List<Descriptor> tagged = new ArrayList<>();
        for (Descriptor d : manifests) {
            if (reference.equals(d.annotation(OciLayoutWriter.REF_NAME))) {
                tagged.add(d);
            }
        }
        if (tagged.isEmpty()) {
            throw new IOException(layout + ": no image tagged \"" + reference + "\"" + available(index));
        }
        // several entries with one tag (a per-platform layout): the platform chooses
        return tagged;
    }

    private ResolvedImage descend(Descriptor descriptor, Platform platform, int depth) throws IOException {
        if (depth > MAX_INDEX_DEPTH) {
            throw new IOException(layout + ": indexes nested deeper than " + MAX_INDEX_DEPTH);
        }
        byte[] bytes = readVerified(descriptor.digest(), "manifest");
        String what = layout + "/blobs/" + descriptor.digest().algorithm() + "/" + descriptor.digest().hex();
        if (descriptor.size() > 0 && descriptor.size() != bytes.length) {
            throw new IOException(what + ": descriptor says " + descriptor.size() + " bytes, the blob has " + bytes.length);
        }
        String mediaType = OciJson.tree(bytes, what).path("mediaType").asText(descriptor.mediaType());
        if (MediaTypes.isIndex(mediaType)) {
            Index index = OciJson.read(bytes, Index.class, what);
            return descend(PlatformSelector.choose(index.manifests(), platform, what), platform, depth + 1);
        }
        if (!MediaTypes.isManifest(mediaType)) {
            throw new IOException(what + ": unsupported media type " + mediaType + " (expected an image manifest or index)");
        }
        Manifest manifest = OciJson.read(bytes, Manifest.class, what);
        byte[] configBytes = readVerified(manifest.config().digest(), "config");
        ImageConfig config = OciJson.read(configBytes, ImageConfig.class, layout + "/blobs/sha256/" + manifest.config().digest().hex());
        Descriptor exact = Descriptor.of(mediaType, descriptor.digest(), bytes.length).withPlatform(config.platform());
        return new ResolvedImage(exact, bytes, manifest, configBytes, config);
    }

    /** Reads a (small) blob fully and checks its digest. */
    private byte[] readVerified(Digest digest, String what) throws IOException {
        Path path = blobPath(digest);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, what + " blob " + digest + " missing from layout " + layout);
        }
        long size = Files.size(path);
        if (size > MAX_DOCUMENT) {
            throw new IOException(path + ": " + what + " blob is " + size + " bytes, more than the " + MAX_DOCUMENT + " a " + what + " may have");
        }
        byte[] bytes = Files.readAllBytes(path);
        Digest actual = Digest.ofBytes(bytes);
        if (!actual.equals(digest)) {
            throw new IOException(path + ": " + what + " blob is corrupt (content hashes to " + actual + ")");
        }
        return bytes;
    }

    /** Where a blob lives in the layout. */
    public Path blobPath(Digest digest) {
        return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** Opens a blob of the layout (unverified: use {@link BlobStore#put(InputStream, Digest)} to copy it). */
    public InputStream openBlob(Digest digest) throws IOException {
        return Files.newInputStream(blobPath(digest));
    }

    /**
     * Copies the image's layers, config and manifest into {@code store} byte for byte (never
     * recompressed), verifying each digest; blobs the store has are skipped.
     */
    public void copyInto(ResolvedImage image, BlobStore store) throws IOException {
        Objects.requireNonNull(store, "store");
        for (Descriptor layer : image.manifest().layers()) {
            copyBlob(layer.digest(), store);
        }
        copyBlob(image.manifest().config().digest(), store);
        if (!store.has(image.descriptor().digest())) {
            store.put(new java.io.ByteArrayInputStream(image.manifestBytes()), image.descriptor().digest());
        }
    }

    private void copyBlob(Digest digest, BlobStore store) throws IOException {
        if (store.has(digest)) {
            return;
        }
        try (InputStream in = openBlob(digest)) {
            store.put(in, digest);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(blobPath(digest).toString(), null, "blob " + digest + " missing from layout " + layout);
        }
    }

    private static String available(Index index) {
        TreeSet<String> tags = new TreeSet<>();
        for (Descriptor d : index.manifests()) {
            String name = d.annotation(OciLayoutWriter.REF_NAME);
            tags.add(name != null ? name : d.digest().toString());
        }
        return tags.isEmpty() ? " (the layout is empty)" : " (available: " + String.join(", ", tags) + ")";
    }
}
