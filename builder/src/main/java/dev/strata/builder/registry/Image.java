package dev.strata.builder.registry;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Index;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image about to be pushed: the top manifest (or index) as exact bytes, the platform manifests
 * of an index, and every blob they reference (deduplicated). For {@link ManifestFormat#DOCKER}
 * OCI manifests and indexes are converted first, and the converted documents stored.
 */
record Image(byte[] bytes, Digest digest, String mediaType, List<Image.Document> children, List<Descriptor> blobs) {

    /** A manifest as pushed: exact bytes and media type. */
    record Document(byte[] bytes, Digest digest, String mediaType) {
    }

    static Image of(byte[] bytes, ManifestFormat format, BlobStore store, String what) throws IOException {
        String mediaType = Documents.mediaType(bytes, null, what);
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        if (MediaTypes.isManifest(mediaType)) {
            Document manifest = manifest(bytes, mediaType, format, store, blobs, what);
            return new Image(manifest.bytes(), manifest.digest(), manifest.mediaType(), List.of(), List.copyOf(blobs.values()));
        }
        if (!MediaTypes.isIndex(mediaType)) {
            throw new RegistryException(what + ": cannot push a document of media type " + mediaType);
        }
        Index index = OciJson.read(bytes, Index.class, what);
        List<Document> children = new ArrayList<>();
        List<Descriptor> entries = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            byte[] childBytes = store.readAllBytes(entry.digest());
            Document child = manifest(childBytes, Documents.mediaType(childBytes, entry.mediaType(), what), format, store, blobs, what);
            children.add(child);
            entries.add(new Descriptor(child.mediaType(), null, child.digest(), child.bytes().length, null, null, entry.platform(), null));
        }
        if (format == ManifestFormat.DOCKER && MediaTypes.OCI_INDEX.equals(mediaType)) {
            byte[] list = OciJson.write(new Index(2, MediaTypes.DOCKER_MANIFEST_LIST, null, entries, null, null, null));
            store.put(list);
            return new Image(list, Digest.ofBytes(list), MediaTypes.DOCKER_MANIFEST_LIST, List.copyOf(children), List.copyOf(blobs.values()));
        }
        return new Image(bytes, Digest.ofBytes(bytes), mediaType, List.copyOf(children), List.copyOf(blobs.values()));
    }

    private static Document manifest(byte[] bytes, String mediaType, ManifestFormat format, BlobStore store,
            Map<Digest, Descriptor> blobs, String what) throws IOException {
        Manifest manifest = OciJson.read(bytes, Manifest.class, what);
        blobs.putIfAbsent(manifest.config().digest(), manifest.config());
        for (Descriptor layer : manifest.layers()) {
            if (!Documents.isForeign(layer.mediaType())) {
                blobs.putIfAbsent(layer.digest(), layer);
            }
        }
        if (format == ManifestFormat.DOCKER && MediaTypes.OCI_MANIFEST.equals(mediaType)) {
            byte[] docker = DockerConversion.toDocker(manifest, what);
            store.put(docker);
            return new Document(docker, Digest.ofBytes(docker), MediaTypes.DOCKER_MANIFEST);
        }
        return new Document(bytes, Digest.ofBytes(bytes), mediaType);
    }
}
