package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.blob.KeepOpenOutputStream;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.tar.TarLayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Exports one image (or one multi-platform image index with all its platforms) from the store as BuildKit's {@code type=oci} output: an OCI image layout
 * directory ({@code tar=false}) or an OCI archive (the same layout as a tar). The index names
 * the image per name as BuildKit does: {@code io.containerd.image.name} (full name) and
 * {@code org.opencontainers.image.ref.name} (the tag). Outputs are written to a temp path and
 * renamed, and archives are reproducible (sorted, mtime 0, numeric ids).
 */
public final class OciExporter {
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    private OciExporter() {}

    /** Writes the layout directory {@code dest} (replacing it once complete). */
    public static void writeLayout(BlobStore store, Descriptor manifest, List<String> names, Path dest) throws IOException {
        writeLayout(store, manifest, names, dest, IndexAnnotations.NONE);
    }

    /**
     * {@code --annotation}s of an OCI output: {@code index} on its {@code index.json},
     * {@code manifestDescriptor} on the image's (or multi-platform index's) descriptor there.
     */
    public record IndexAnnotations(Map<String, String> index, Map<String, String> manifestDescriptor) {
        public static final IndexAnnotations NONE = new IndexAnnotations(Map.of(), Map.of());

        public IndexAnnotations {
            index = Map.copyOf(index);
            manifestDescriptor = Map.copyOf(manifestDescriptor);
        }
    }

    /** As {@link #writeLayout(BlobStore, Descriptor, List, Path)}, with annotations. */
    public static void writeLayout(BlobStore store, Descriptor manifest, List<String> names, Path dest, IndexAnnotations annotations)
            throws IOException {
        java.util.Set<Digest> digests = ImageBlobs.all(store, manifest);
        AtomicOutput.directory(dest, dir -> {
            Files.writeString(dir.resolve("oci-layout"), layoutFile(), StandardCharsets.UTF_8);
            Files.write(dir.resolve("index.json"), index(manifest, names, annotations));
            Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
            for (Digest digest : digests) {
                try (InputStream in = store.open(digest)) {
                    Files.copy(in, blobs.resolve(digest.hex()));
                }
            }
        });
    }

    /** Writes the OCI archive {@code dest} (a tar of the layout). */
    public static void writeArchive(BlobStore store, Descriptor manifest, List<String> names, Path dest) throws IOException {
        writeArchive(store, manifest, names, dest, IndexAnnotations.NONE);
    }

    /** As {@link #writeArchive(BlobStore, Descriptor, List, Path)}, with annotations. */
    public static void writeArchive(BlobStore store, Descriptor manifest, List<String> names, Path dest, IndexAnnotations annotations)
            throws IOException {
        java.util.Set<Digest> digests = ImageBlobs.all(store, manifest);
        AtomicOutput.file(dest, out -> {
            try (TarLayerWriter tar = new TarLayerWriter(new KeepOpenOutputStream(out), Instant.EPOCH)) {
                directory(tar, "blobs/");
                directory(tar, "blobs/sha256/");
                for (Digest digest : digests) {
                    try (InputStream in = store.open(digest)) {
                        file(tar, "blobs/sha256/" + digest.hex(), store.size(digest), in);
                    }
                }
                byte[] index = index(manifest, names, annotations);
                file(tar, "index.json", index.length, new java.io.ByteArrayInputStream(index));
                byte[] layout = layoutFile().getBytes(StandardCharsets.UTF_8);
                file(tar, "oci-layout", layout.length, new java.io.ByteArrayInputStream(layout));
                tar.finish();
            }
        });
    }

    private static String layoutFile() {
        return "{\"imageLayoutVersion\":\"1.0.0\"}";
    }

    private static byte[] index(Descriptor top, List<String> names, IndexAnnotations annotations) {
        Descriptor plain = Descriptor.of(top.mediaType(), top.digest(), top.size());
        if (!annotations.manifestDescriptor().isEmpty()) {
            plain = plain.withAnnotations(annotations.manifestDescriptor());
        }
        List<Descriptor> manifests = new ArrayList<>();
        if (names.isEmpty()) {
            manifests.add(plain);
        }
        for (String name : names) {
            manifests.add(plain.withAnnotation(CONTAINERD_NAME, ImageNames.withTag(name))
                    .withAnnotation(OciLayoutWriter.REF_NAME, ImageNames.tag(name)));
        }
        Index index = Index.of(manifests);
        if (!annotations.index().isEmpty()) {
            index = new Index(index.schemaVersion(), index.mediaType(), null, index.manifests(), null, annotations.index(), null);
        }
        return OciJson.write(index);
    }

    static void directory(TarLayerWriter tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
        entry.setMode(0755);
        entry.setModTime(FileTime.from(Instant.EPOCH));
        tar.write(entry, null, null);
    }

    static void file(TarLayerWriter tar, String name, long size, InputStream in) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(0644);
        entry.setSize(size);
        entry.setModTime(FileTime.from(Instant.EPOCH));
        tar.write(entry, null, in);
    }
}
