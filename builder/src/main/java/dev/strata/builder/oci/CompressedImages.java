package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerCompressor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The form of a stored image that leaves the store (push, OCI export): its uncompressed layers
 * compressed (see {@link LayerCompressor}), its manifest rewritten to name them and stored too;
 * for a multi-platform image, each platform's manifest and then the index. Layers already
 * compressed (a pulled base) are kept as they are, as BuildKit does without
 * {@code force-compression}. A platform image's config, and so its image ID, does not change.
 */
public final class CompressedImages {
    /** The annotation by which an attestation manifest names the platform manifest it describes. */
    private static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

    private CompressedImages() {}

    /**
     * {@code image} (a manifest or an index) with every uncompressed layer compressed by
     * {@code compressor}; {@code image} itself when it has none. A Docker v2s2 manifest cannot
     * name zstd layers: {@link IllegalArgumentException}, as when such an image is assembled.
     */
    public static StoredImage of(BlobStore store, StoredImage image, LayerCompressor compressor) throws IOException {
        return of(store, image, compressor, true);
    }

    /**
     * {@code image} in the compressed form an earlier push or export made of all its layers, else
     * {@code image} itself; compresses nothing. So an unchanged rebuild that stays in the store
     * keeps the digest its pushed or exported build had.
     */
    public static StoredImage ifCompressedBefore(BlobStore store, StoredImage image, LayerCompressor compressor) throws IOException {
        return of(store, image, compressor, false);
    }

    private static StoredImage of(BlobStore store, StoredImage image, LayerCompressor compressor, boolean compress) throws IOException {
        Descriptor descriptor = image.manifest();
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            Descriptor shipped = index(store, descriptor, compressor, compress);
            boolean idIsIndex = image.configDigest().equals(descriptor.digest());
            return shipped == null || shipped == descriptor ? image : new StoredImage(shipped, idIsIndex ? shipped.digest() : image.configDigest());
        }
        Descriptor shipped = manifest(store, descriptor, compressor, compress);
        return shipped == null || shipped == descriptor ? image : new StoredImage(shipped, image.configDigest());
    }

    /** The stored image or index {@code top} names, gzip-compressed (push and save of a stored image). */
    public static StoredImage gzip(BlobStore store, Descriptor top) throws IOException {
        Digest id = top.digest();
        if (!MediaTypes.isIndex(top.mediaType())) {
            id = OciJson.read(store.readAllBytes(top.digest()), Manifest.class, "manifest " + top.digest()).config().digest();
        }
        return of(store, new StoredImage(top, id), new LayerCompressor(store, Compression.GZIP));
    }

    /** The compressed manifest's descriptor; {@code descriptor} when nothing changes; null when {@code !compress} and a layer has no compressed form yet. */
    private static Descriptor manifest(BlobStore store, Descriptor descriptor, LayerCompressor compressor, boolean compress) throws IOException {
        Manifest manifest = OciJson.read(store.readAllBytes(descriptor.digest()), Manifest.class, "manifest " + descriptor.digest());
        boolean docker = MediaTypes.DOCKER_MANIFEST.equals(manifest.mediaType());
        List<Descriptor> layers = new ArrayList<>();
        boolean changed = false;
        for (Descriptor d : manifest.layers()) {
            if (!isUncompressed(d.mediaType())) {
                layers.add(d);
                continue;
            }
            Layer tar = new Layer(d.digest(), d.digest(), d.size(), Compression.NONE.mediaType());
            Layer compressed = compress ? compressor.compress(tar) : compressor.known(tar).orElse(null);
            if (compressed == null) {
                return null;
            }
            String mediaType = (docker ? ManifestFormat.DOCKER : ManifestFormat.OCI).layerMediaType(compressed);
            layers.add(retyped(d, mediaType, compressed.digest(), compressed.size()));
            changed = true;
        }
        if (!changed) {
            return descriptor;
        }
        return withLayers(store, descriptor, manifest, layers);
    }

    private static Descriptor index(BlobStore store, Descriptor descriptor, LayerCompressor compressor, boolean compress) throws IOException {
        Index index = OciJson.read(store.readAllBytes(descriptor.digest()), Index.class, "index " + descriptor.digest());
        Map<Digest, Digest> renamed = new HashMap<>();
        List<Descriptor> children = new ArrayList<>();
        for (Descriptor child : index.manifests()) {
            boolean image = MediaTypes.isManifest(child.mediaType()) && !"attestation-manifest".equals(child.annotation("vnd.docker.reference.type"));
            Descriptor shipped = image ? manifest(store, child, compressor, compress) : child;
            if (shipped == null) {
                return null;
            }
            renamed.put(child.digest(), shipped.digest());
            children.add(shipped);
        }
        if (renamed.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))) {
            return descriptor;
        }
        List<Descriptor> manifests = new ArrayList<>();
        for (Descriptor child : children) {
            String subject = child.annotation(REFERENCE_DIGEST);
            Digest old = subject == null ? null : parseOrNull(subject);
            Digest target = old == null ? null : renamed.get(old);
            if (target == null || target.equals(old)) {
                manifests.add(child);
                continue;
            }
            manifests.add(resubjected(store, child, old, target).withAnnotation(REFERENCE_DIGEST, target.toString()));
        }
        Index rewritten = new Index(index.schemaVersion(), index.mediaType(), index.artifactType(), manifests, index.subject(),
                index.annotations(), index.extra());
        return moved(descriptor, store.put(OciJson.write(rewritten)));
    }

    /**
     * The attestation manifest {@code attestation} with each in-toto statement's subject moved from
     * the image manifest {@code from} to its compressed form {@code to}: a statement names the
     * manifest that leaves the store, as BuildKit's do.
     */
    private static Descriptor resubjected(BlobStore store, Descriptor attestation, Digest from, Digest to) throws IOException {
        Manifest manifest = OciJson.read(store.readAllBytes(attestation.digest()), Manifest.class, "manifest " + attestation.digest());
        List<Descriptor> layers = new ArrayList<>();
        for (Descriptor layer : manifest.layers()) {
            JsonNode statement = OciJson.tree(store.readAllBytes(layer.digest()), "statement " + layer.digest());
            boolean moved = false;
            for (JsonNode subject : statement.path("subject")) {
                JsonNode digest = subject.path("digest");
                if (digest instanceof ObjectNode d && from.hex().equals(d.path(from.algorithm()).asText())) {
                    d.put(to.algorithm(), to.hex());
                    moved = true;
                }
            }
            if (!moved) {
                layers.add(layer);
                continue;
            }
            BlobDescriptor blob = store.put(Json.bytes(statement));
            layers.add(retyped(layer, layer.mediaType(), blob.digest(), blob.size()));
        }
        return withLayers(store, attestation, manifest, layers);
    }

    private static Digest parseOrNull(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code manifest} (named by {@code descriptor}) over {@code layers} instead, stored; its new descriptor. */
    private static Descriptor withLayers(BlobStore store, Descriptor descriptor, Manifest manifest, List<Descriptor> layers)
            throws IOException {
        Manifest rewritten = new Manifest(manifest.schemaVersion(), manifest.mediaType(), manifest.artifactType(), manifest.config(),
                layers, manifest.subject(), manifest.annotations(), manifest.extra());
        return moved(descriptor, store.put(OciJson.write(rewritten)));
    }

    /** {@code layer} as another blob of {@code mediaType}, its annotations and the rest kept. */
    private static Descriptor retyped(Descriptor layer, String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, layer.artifactType(), digest, size, layer.urls(), layer.annotations(), layer.platform(),
                layer.extra());
    }

    /** {@code descriptor} pointing at {@code blob} instead, its media type, platform and annotations kept. */
    private static Descriptor moved(Descriptor descriptor, BlobDescriptor blob) {
        return new Descriptor(descriptor.mediaType(), descriptor.artifactType(), blob.digest(), blob.size(), descriptor.urls(),
                descriptor.annotations(), descriptor.platform(), descriptor.extra());
    }

    private static boolean isUncompressed(String mediaType) {
        try {
            return Compression.ofMediaType(mediaType) == Compression.NONE;
        } catch (IllegalArgumentException unknown) {
            return false; // not a layer type we know: pass it on as it is
        }
    }
}
