package dev.strata.builder.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The images in a local store (the OCI layout builds write to): list, inspect, history, tag,
 * remove, save, load, prune, push and pull. Errors about the user's input ({@code No such image:
 * foo:latest}) are {@link BuildException}s with one-line messages; I/O failures are
 * {@link IOException}s. Implementations are thread-safe; other processes may use the store at
 * the same time.
 */
public interface ImageStore {

    /**
     * Opens (creating if need be) the store at {@code root}, or at {@link BuildRequest#defaultRoot}
     * when null, through the store implementation on the class path.
     */
    static ImageStore open(Path root) throws IOException {
        return ServiceLoader.load(Provider.class, ImageStore.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + Provider.class.getName() + " service on the class path (broken jar?)"))
                .open(root);
    }

    /** Opens stores; the builder's store package registers one as a service. */
    interface Provider {
        /** Opens the store at {@code root} (the default root when null). */
        ImageStore open(Path root) throws IOException;
    }

    /** The store's root directory. */
    Path root();

    /** Every named image, sorted by name, then unnamed ones. */
    List<ImageSummary> list() throws IOException;

    /** The image {@code ref} names (name, {@code name:tag}, or image-ID prefix), with its manifest and config. */
    ImageDetails inspect(String ref) throws IOException;

    /** The image's history, newest entry first, each with the size of the layer it added. */
    List<HistoryEntry> history(String ref) throws IOException;

    /** Names the image {@code source} refers to {@code target} as well; returns the normalised target name. */
    String tag(String source, String target) throws IOException;

    /**
     * Removes names: {@code ref} as a name removes that name; as an image ID it removes every name of
     * the image, which {@code force} must allow when there are several. The blobs stay until
     * {@link #prune}. Returns the names removed.
     */
    List<String> remove(String ref, boolean force) throws IOException;

    /**
     * Writes the images {@code refs} name to the archive {@code dest} (temp file and rename). Every
     * ref must name the same image: the names are all recorded in the archive.
     */
    void save(List<String> refs, Path dest, ArchiveFormat format) throws IOException;

    /** Imports an OCI or docker archive: blobs verified against their digests, names from the archive. */
    List<ImageSummary> load(Path archive) throws IOException;

    /**
     * Removes blobs no entry of the index needs, step-cache entries whose layer is gone and extracted
     * layers no kept image or cache entry uses. With {@code until}, only things older than that;
     * with {@code keepStorage}, only until the blobs take at most that many bytes (oldest first).
     * Never removes a blob a named image needs. First removes what killed builds left (their
     * containers, mounts and secrets); refuses ({@link BuildException} naming the pid) while a build
     * is using the store, and builds starting meanwhile wait for the prune to finish.
     */
    PruneResult prune(Long keepStorage, Duration until) throws IOException;

    /**
     * Checks the whole store, as {@code git fsck} does: every blob's digest (its bytes hashed), and
     * for every entry of the index that its manifests, configs and layers are present with the
     * sizes their descriptors give. Changes nothing.
     */
    FsckResult fsck() throws IOException;

    /**
     * Pushes the image {@code ref} names to {@code destination} ({@code [registry/]name[:tag]}; the
     * image's own name when null), its manifest byte for byte. Returns the pushed manifest digest.
     */
    String push(String ref, String destination, Set<String> insecureRegistries) throws IOException;

    /**
     * Pulls {@code ref} for {@code platform} ({@code linux/arm64}; the host's when null), verifying
     * every blob, and names it {@code ref} in the store. Returns the summary of the pulled image.
     */
    ImageSummary pull(String ref, String platform, Set<String> insecureRegistries) throws IOException;
}
