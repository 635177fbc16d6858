package dev.strata.builder.store;

import dev.strata.builder.api.ArchiveFormat;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.FsckResult;
import dev.strata.builder.api.HistoryEntry;
import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.ImageDetails;
import dev.strata.builder.api.ImageSummary;
import dev.strata.builder.api.PruneResult;
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
 * The {@link ImageStore} of a local store directory: the index names images, the blob store holds
 * their content. Thread-safe; other processes may use the store at the same time: loads and pulls
 * hold a {@link StoreLease} as builds do, so a prune never removes what they have not named yet.
 */
final class LocalImageStore implements ImageStore {
    private final BlobStore store;

    private LocalImageStore(BlobStore store) {
        this.store = store;
    }

    /** Opens (creating if need be) the store at {@code root}, or at {@link BuildRequest#defaultRoot} when null. */
    static LocalImageStore open(Path root) throws IOException {
        return new LocalImageStore(BlobStore.open(root != null ? root : BuildRequest.defaultRoot(System.getenv())));
    }

    @Override
    public Path root() {
        return store.root();
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
    public String tag(String source, String target) throws IOException {
        String name = StoreRefs.validName(target);
        StoreRefs.Entry e = new StoreRefs(store).resolve(source);
        OciLayoutWriter.tag(store, name, plain(e.top()));
        return name;
    }

    @Override
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

    @Override
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
            // an OCI archive keeps a multi-platform image whole; a docker archive gets this machine's platform
            // the stored image byte for byte: tar layers unless it was pushed or exported compressed
            case OCI -> OciExporter.writeArchive(store, plain(first.top()), names, dest);
            case DOCKER -> DockerArchiveExporter.write(store, manifest, names, dest);
        }
    }

    @Override
    public List<ImageSummary> load(Path archive) throws IOException {
        List<String> names;
        try (StoreLease lease = StoreLease.acquire(store, StoreLease.Purpose.LOAD, note -> {})) {
            names = new ArchiveLoader(store, lease.tempDir()).load(archive);
        }
        List<ImageSummary> loaded = new ArrayList<>();
        for (StoreRefs.Entry e : new StoreRefs(store).entries()) {
            if (names.contains(e.name())) {
                loaded.add(summary(e));
            }
        }
        return loaded;
    }

    @Override
    public PruneResult prune(Long keepStorage, Duration until) throws IOException {
        try (StoreGate gate = StoreGate.lock(store)) {
            StoreLease.sweepDead(store);
            List<StoreLease.Holder> holders = StoreLease.holders(store);
            if (!holders.isEmpty()) {
                StoreLease.Holder first = holders.get(0);
                throw new BuildException("cannot prune: a " + first.purpose() + " is using the store (pid " + first.pid() + ")"
                        + (holders.size() > 1 ? " and " + (holders.size() - 1) + " more" : "") + "; retry when it has finished");
            }
            return new StorePrune(store, keepStorage, until).run();
        }
    }

    @Override
    public FsckResult fsck() throws IOException {
        try (StoreLease lease = StoreLease.acquire(store, StoreLease.Purpose.FSCK, note -> {})) {
            return new StoreFsck(store).run();
        }
    }

    @Override
    public String push(String ref, String destination, Set<String> insecureRegistries) throws IOException {
        return new StoreRegistry(store, insecureRegistries).push(ref, destination);
    }

    @Override
    public ImageSummary pull(String ref, String platform, Set<String> insecureRegistries) throws IOException {
        String name;
        try (StoreLease lease = StoreLease.acquire(store, StoreLease.Purpose.PULL, note -> {})) {
            name = new StoreRegistry(store, insecureRegistries).pull(ref, platform);
        }
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
