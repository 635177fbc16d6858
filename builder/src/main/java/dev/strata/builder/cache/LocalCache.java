package dev.strata.builder.cache;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Index;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.OciLayoutWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A step cache in a local directory ({@code --cache-to type=local,dest=DIR},
 * {@code --cache-from type=local,src=DIR}), as BuildKit keeps its local cache: an OCI image layout
 * whose {@code index.json} names the cache manifest ({@link CacheManifests}, the registry cache's
 * format) by its tag. Export copies the blobs in (each to a temp file, then renamed; blobs the
 * directory has stay) and replaces {@code index.json} last, so a failed export leaves the previous
 * cache readable. Import reads only regular files, never through a symlink, each bounded by the size
 * its descriptor declares and checked against its digest; layers are copied into the store only
 * when a step hits them ({@link #fetch}). Thread-safe.
 */
public final class LocalCache {
    private static final long INDEX_LIMIT = 4L << 20;
    private static final long MANIFEST_LIMIT = 4L << 20;

    private final BlobStore store;
    private final Map<Digest, Path> sources = new ConcurrentHashMap<>();
    private final Map<Digest, Long> sizes = new ConcurrentHashMap<>();

    public LocalCache(BlobStore store) {
        this.store = store;
    }

    /** Exports the entries of {@code keys} and their blobs to the layout {@code dir}, under {@code tag}; returns the manifest digest. */
    public Digest export(StepCache cache, Collection<Digest> keys, Path dir, String tag) throws IOException {
        CacheManifests.Built built = CacheManifests.build(store, cache, keys);
        Digest manifestDigest = Digest.ofBytes(built.manifest());
        Path root = dir.toAbsolutePath().normalize();
        Path blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        List<Digest> all = new ArrayList<>();
        all.add(built.config().digest());
        built.blobs().forEach(b -> all.add(b.digest()));
        all.add(manifestDigest);
        for (Digest digest : all) {
            Path target = blobs.resolve(digest.hex());
            BasicFileAttributes existing = attributesOrNull(target);
            if (existing != null && existing.isRegularFile() && existing.size() == store.size(digest)) {
                continue;
            }
            try (InputStream in = store.open(digest)) {
                writeAtomically(target, out -> in.transferTo(out));
            }
        }
        writeAtomically(root.resolve("oci-layout"), out -> out.write("{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
        List<Descriptor> manifests = new ArrayList<>();
        for (Descriptor d : existingIndex(root)) {
            if (!tag.equals(d.annotation(OciLayoutWriter.REF_NAME))) {
                manifests.add(d);
            }
        }
        manifests.add(Descriptor.of(dev.strata.builder.oci.MediaTypes.OCI_MANIFEST, manifestDigest, built.manifest().length)
                .withAnnotation(OciLayoutWriter.REF_NAME, tag));
        byte[] index = OciJson.write(Index.of(manifests));
        writeAtomically(root.resolve("index.json"), out -> out.write(index));
        return manifestDigest;
    }

    /** The entries of an existing index.json to keep (other tags); a missing or unreadable one has none. */
    private static List<Descriptor> existingIndex(Path root) {
        try {
            return OciJson.read(readBounded(root.resolve("index.json"), INDEX_LIMIT), Index.class, "index.json").manifests();
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    /**
     * Imports the cache tagged {@code tag} in layout {@code dir} into {@code cache}; returns the
     * number of entries. A directory without that cache imports nothing (BuildKit only warns, too).
     */
    public int importFrom(StepCache cache, Path dir, String tag) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        byte[] indexBytes;
        try {
            indexBytes = readBounded(root.resolve("index.json"), INDEX_LIMIT);
        } catch (NoSuchFileException e) {
            return 0;
        }
        Index index = OciJson.read(indexBytes, Index.class, root.resolve("index.json").toString());
        Optional<Descriptor> found = index.manifests().stream()
                .filter(d -> tag.equals(d.annotation(OciLayoutWriter.REF_NAME))).findFirst();
        if (found.isEmpty()) {
            return 0;
        }
        byte[] manifestBytes = readBlob(root, found.get(), MANIFEST_LIMIT);
        Manifest manifest = CacheManifests.readManifest(manifestBytes, root + ":" + tag);
        byte[] config = readBlob(root, manifest.config(), CacheManifests.CONFIG_LIMIT);
        int imported = CacheManifests.importEntries(cache, config, root + ":" + tag);
        for (Descriptor layer : manifest.layers()) {
            if (layer.size() < 0) {
                throw new IOException(root + ": blob " + layer.digest() + " has a negative size");
            }
            sources.put(layer.digest(), blobPath(root, layer.digest()));
            sizes.put(layer.digest(), layer.size());
        }
        return imported;
    }

    /** Copies {@code digest} from an imported cache directory into the store; false if no imported cache lists it or it is damaged. */
    public boolean fetch(Digest digest) {
        Path source = sources.get(digest);
        if (source == null) {
            return false;
        }
        try (SeekableByteChannel channel = openRegular(source, sizes.get(digest));
                InputStream in = Channels.newInputStream(channel)) {
            store.put(in, digest);
            return store.has(digest);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The digests the imported caches can give. */
    public Set<Digest> available() {
        return Set.copyOf(sources.keySet());
    }

    private static byte[] readBlob(Path root, Descriptor d, long limit) throws IOException {
        if (d.size() < 0 || d.size() > limit) {
            throw new IOException(root + ": " + d.mediaType() + " " + d.digest() + " declares " + d.size() + " bytes (at most " + limit + ")");
        }
        byte[] bytes = readBounded(blobPath(root, d.digest()), d.size());
        if (bytes.length != d.size() || !Digest.ofBytes(bytes).equals(d.digest())) {
            throw new IOException(root + ": blob " + d.digest() + " does not match its digest or size");
        }
        return bytes;
    }

    private static Path blobPath(Path root, Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** A regular file (never through a symlink, never a device or FIFO), of exactly {@code size} bytes when given. */
    private static SeekableByteChannel openRegular(Path path, Long size) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(path, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw new IOException(path + " is not a regular file");
            }
            if (size != null && channel.size() != size) {
                throw new IOException(path + " has " + channel.size() + " bytes, not the " + size + " its descriptor declares");
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] readBounded(Path path, long limit) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new IOException(path + " is not a regular file");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(path, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (channel.size() > limit) {
                throw new IOException(path + " is larger than " + limit + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    private interface Body {
        void write(java.io.OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Body body) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.io.OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.write(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

}
