package dev.strata.builder.api;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.DockerArchiveExporter;
import dev.strata.builder.oci.History;
import dev.strata.builder.oci.OciExporter;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.ResolvedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The images in a local store (the OCI layout builds write to): list, inspect, history, tag,
 * remove, save, load, prune, push and pull. Errors about the user's input ({@code No such image:
 * foo:latest}) are {@link BuildException}s with one-line messages; I/O failures are
 * {@link IOException}s. Thread-safe; other processes may use the store at the same time, but a
 * prune racing a build may remove blobs that build has not tagged yet.
 */
public final class ImageStore {
    private final BlobStore store;

    private ImageStore(BlobStore store) {
        this.store = store;
    }

    /** Opens (creating if need be) the store at {@code root}, or at {@link BuildRequest#defaultRoot} when null. */
    public static ImageStore open(Path root) throws IOException {
        return new ImageStore(BlobStore.open(root != null ? root : BuildRequest.defaultRoot(System.getenv())));
    }

    /** The store's root directory. */
    public Path root() {
        return store.root();
    }

    /** Every named image, sorted by name, then unnamed ones. */
    public List<ImageSummary> list() throws IOException {
        List<ImageSummary> named = new ArrayList<>();
        List<ImageSummary> unnamed = new ArrayList<>();
        for (StoreRefs.Entry e : new StoreRefs(store).entries()) {
            (e.name() != null ? named : unnamed).add(summary(e));
        }
        named.sort((a, b) -> a.name().compareTo(b.name()));
        named.addAll(unnamed);
        return named;
    }

    /** The image {@code ref} names (name, {@code name:tag}, or image-ID prefix), with its manifest and config. */
    public ImageDetails inspect(String ref) throws IOException {
        StoreRefs refs = new StoreRefs(store);
        StoreRefs.Entry e = refs.resolve(ref);
        List<String> names = new ArrayList<>();
        for (StoreRefs.Entry other : refs.entries()) {
            if (other.name() != null && other.top().digest().equals(e.top().digest())) {
                names.add(other.name());
            }
        }
        ResolvedImage image = e.image();
        return new ImageDetails(summary(e), names, new String(image.manifestBytes(), StandardCharsets.UTF_8),
                new String(image.configBytes(), StandardCharsets.UTF_8));
    }

    /** The image's history, newest entry first, each with the size of the layer it added. */
    public List<HistoryEntry> history(String ref) throws IOException {
        ResolvedImage image = new StoreRefs(store).resolve(ref).image();
        List<Descriptor> layers = image.manifest().layers();
        List<History> history = image.config().history() == null ? List.of() : image.config().history();
        List<HistoryEntry> rows = new ArrayList<>();
        int layer = 0;
        for (History h : history) {
            long size = 0;
            if (!h.isEmptyLayer() && layer < layers.size()) {
                size = layers.get(layer++).size();
            }
            rows.add(new HistoryEntry(StoreRefs.time(h.created()), h.createdBy(), size, h.comment(), h.isEmptyLayer()));
        }
        Collections.reverse(rows);
        return rows;
    }

    /** Names the image {@code source} refers to {@code target} as well; returns the normalised target name. */
    public String tag(String source, String target) throws IOException {
        String name = StoreRefs.validName(target);
        StoreRefs.Entry e = new StoreRefs(store).resolve(source);
        OciLayoutWriter.tag(store, name, plain(e.top()));
        return name;
    }

    /**
     * Removes names: {@code ref} as a name removes that name; as an image ID it removes every name of
     * the image, which {@code force} must allow when there are several. The blobs stay until
     * {@link #prune}. Returns the names removed.
     */
    public List<String> remove(String ref, boolean force) throws IOException {
        StoreRefs refs = new StoreRefs(store);
        StoreRefs.Entry e = refs.resolve(ref);
        String asName = StoreRefs.normalize(ref).orElse(null);
        List<String> names = new ArrayList<>();
        if (e.name() != null && e.name().equals(asName)) {
            names.add(e.name());
        } else {
            for (StoreRefs.Entry other : refs.entries()) {
                if (other.name() != null && other.image().configDigest().equals(e.image().configDigest())) {
                    names.add(other.name());
                }
            }
            if (names.size() > 1 && !force) {
                throw new BuildException("unable to remove image " + e.image().configDigest().shortHex()
                        + " by ID: it has several names (" + String.join(", ", names) + "); remove them by name, or use --force");
            }
        }
        for (String name : names) {
            OciLayoutWriter.untag(store, name);
        }
        return names;
    }

    /**
     * Writes the images {@code refs} name to the archive {@code dest} (temp file and rename). Every
     * ref must name the same image: the names are all recorded in the archive.
     */
    public void save(List<String> refs, Path dest, ArchiveFormat format) throws IOException {
        if (refs.isEmpty()) {
            throw new BuildException("save: name at least one image");
        }
        StoreRefs resolver = new StoreRefs(store);
        StoreRefs.Entry first = null;
        List<String> names = new ArrayList<>();
        for (String ref : refs) {
            StoreRefs.Entry e = resolver.resolve(ref);
            if (first != null && !first.image().descriptor().digest().equals(e.image().descriptor().digest())) {
                throw new BuildException("save: " + refs.get(0) + " and " + ref
                        + " are different images; one archive holds one image (save them to separate files)");
            }
            first = first == null ? e : first;
            String asName = StoreRefs.normalize(ref).orElse(null);
            if (e.name() != null && e.name().equals(asName) && !names.contains(e.name())) {
                names.add(e.name());
            }
        }
        Descriptor manifest = first.image().descriptor();
        switch (Objects.requireNonNull(format, "format")) {
            case OCI -> OciExporter.writeArchive(store, manifest, names, dest);
            case DOCKER -> DockerArchiveExporter.write(store, manifest, names, dest);
        }
    }

    /** Imports an OCI or docker archive: blobs verified against their digests, names from the archive. */
    public List<ImageSummary> load(Path archive) throws IOException {
        List<String> names = new ArchiveLoader(store).load(archive);
        List<ImageSummary> loaded = new ArrayList<>();
        for (StoreRefs.Entry e : new StoreRefs(store).entries()) {
            if (names.contains(e.name())) {
                loaded.add(summary(e));
            }
        }
        return loaded;
    }

    /**
     * Removes blobs no entry of the index needs, step-cache entries whose layer is gone and extracted
     * layers no kept image or cache entry uses. With {@code until}, only things older than that;
     * with {@code keepStorage}, only until the blobs take at most that many bytes (oldest first).
     * Never removes a blob a named image needs.
     */
    public PruneResult prune(Long keepStorage, Duration until) throws IOException {
        return new StorePrune(store, keepStorage, until).run();
    }

    /**
     * Pushes the image {@code ref} names to {@code destination} ({@code [registry/]name[:tag]}; the
     * image's own name when null), its manifest byte for byte. Returns the pushed manifest digest.
     */
    public String push(String ref, String destination, Set<String> insecureRegistries) throws IOException {
        return new StoreRegistry(store, insecureRegistries).push(ref, destination);
    }

    /**
     * Pulls {@code ref} for {@code platform} ({@code linux/arm64}; the host's when null), verifying
     * every blob, and names it {@code ref} in the store. Returns the summary of the pulled image.
     */
    public ImageSummary pull(String ref, String platform, Set<String> insecureRegistries) throws IOException {
        String name = new StoreRegistry(store, insecureRegistries).pull(ref, platform);
        for (ImageSummary s : list()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IOException("pulled " + name + ", but the store does not list it");
    }

    private static Descriptor plain(Descriptor top) {
        return Descriptor.of(top.mediaType(), top.digest(), top.size()).withPlatform(top.platform());
    }

    private static ImageSummary summary(StoreRefs.Entry e) {
        ResolvedImage image = e.image();
        long size = image.manifestBytes().length + image.configBytes().length;
        for (Descriptor layer : image.manifest().layers()) {
            size += layer.size();
        }
        String repository = "<none>";
        String tag = "<none>";
        if (e.name() != null) {
            int slash = e.name().lastIndexOf('/');
            int at = e.name().indexOf('@');
            int colon = at >= 0 ? at : e.name().lastIndexOf(':');
            if (colon > slash) {
                repository = e.name().substring(0, colon);
                tag = at >= 0 ? "<none>" : e.name().substring(colon + 1);
            } else {
                repository = e.name();
            }
        }
        return new ImageSummary(repository, tag, image.configDigest().toString(), e.top().digest().toString(),
                StoreRefs.time(image.config().created()), size);
    }
}
