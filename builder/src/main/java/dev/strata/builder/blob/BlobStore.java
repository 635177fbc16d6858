package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A content-addressed blob store whose root is an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/}), so tools like skopeo and umoci read it directly.
 * Every write goes through a temp file under {@code <root>/tmp} and an atomic move: a blob is
 * either complete or absent. Thread-safe: any number of threads and processes may write,
 * identical blobs are stored once.
 */
public final class BlobStore {
    static final String OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";
    static final String EMPTY_INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";

    private static final Set<String> LAYOUT_ENTRIES = Set.of("oci-layout", "index.json", "blobs", "tmp");

    private final Path root;
    private final Path tmp;

    private BlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /**
     * Opens the store at {@code root}, creating an empty OCI layout there if the directory is
     * missing or empty. A non-empty directory without an {@code oci-layout} file is refused, so a
     * mistyped {@code --root} never scatters files into an unrelated directory.
     */
    public static BlobStore open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        if (!Files.exists(absolute.resolve("oci-layout"))) {
            try (Stream<Path> children = Files.list(absolute)) {
                // Only the layout's own entries: another build is creating this store right now.
                if (children.anyMatch(child -> !LAYOUT_ENTRIES.contains(child.getFileName().toString()))) {
                    throw new IOException(absolute + ": not an OCI image layout (no oci-layout file) and not empty");
                }
            }
        }
        BlobStore store = new BlobStore(absolute);
        Files.createDirectories(absolute.resolve("blobs").resolve("sha256"));
        Files.createDirectories(store.tmp);
        store.createIfAbsent(absolute.resolve("index.json"), EMPTY_INDEX);
        store.createIfAbsent(absolute.resolve("oci-layout"), OCI_LAYOUT);
        store.removeStaleTempFiles();
        return store;
    }

    /**
     * Deletes temp files a killed process left behind. Only those untouched for a day: another
     * process may be writing the younger ones right now.
     */
    private void removeStaleTempFiles() throws IOException {
        java.nio.file.attribute.FileTime cutoff = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") || !name.endsWith(".tmp")) {
                    continue;
                }
                java.nio.file.attribute.BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException finished) {
                    continue; // its writer moved or deleted it since the listing: not ours to sweep
                }
                if (attrs.isRegularFile() && attrs.lastModifiedTime().compareTo(cutoff) < 0) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void createIfAbsent(Path file, String content) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path temp = newTempFile(file.getFileName().toString());
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: theirs is as good as ours
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The layout's root directory. */
    public Path root() {
        return root;
    }

    /** The directory for temp files on the store's file system (for atomic moves into the store). */
    public Path tempDir() {
        return tmp;
    }

    /** A new empty temp file in {@link #tempDir()}; the caller moves or deletes it. */
    public Path newTempFile(String hint) throws IOException {
        return Files.createTempFile(tmp, "." + hint.replace('/', '_') + "-", ".tmp");
    }

    /** Where the blob with {@code digest} lives (whether or not it exists). */
    public Path path(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** Whether the blob is present (writes are atomic, so present means complete). */
    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** The blob's size in bytes. */
    public long size(Digest digest) throws IOException {
        return Files.size(existing(digest));
    }

    /**
     * Opens the blob for reading. Its digest is checked as it is read: the read that reaches its
     * end throws {@link CorruptBlobException}, naming it, if the bytes on disk do not match.
     */
    public InputStream open(Digest digest) throws IOException {
        Path path = existing(digest);
        InputStream in = Files.newInputStream(path);
        // blobs are written by sha256 (BlobWriter): another algorithm's name cannot be checked here
        return digest.algorithm().equals("sha256") ? new VerifyingInputStream(root, digest, Files.size(path), in) : in;
    }

    /** Reads a (small) blob fully, e.g. a manifest or config; {@link CorruptBlobException} if it is damaged. */
    public byte[] readAllBytes(Digest digest) throws IOException {
        byte[] bytes = Files.readAllBytes(existing(digest));
        Digest actual = Digest.ofBytes(bytes);
        if (digest.algorithm().equals("sha256") && !actual.equals(digest)) {
            throw new CorruptBlobException(root, digest, actual, bytes.length);
        }
        return bytes;
    }

    /** Reads the whole blob to check its digest; {@link CorruptBlobException} if it does not match. */
    public void verify(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private Path existing(Digest digest) throws IOException {
        Path path = path(digest);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "blob " + digest + " not in store " + root);
        }
        return path;
    }

    /** Starts streaming a new blob; see {@link BlobWriter}. */
    public BlobWriter writer() throws IOException {
        return new BlobWriter(this, newTempFile("blob"));
    }

    /** Stores {@code bytes} (a config, a manifest) and returns its descriptor. */
    public BlobDescriptor put(byte[] bytes) throws IOException {
        Digest digest = Digest.ofBytes(bytes);
        if (has(digest)) {
            return new BlobDescriptor(digest, bytes.length);
        }
        try (BlobWriter writer = writer()) {
            writer.write(bytes);
            return writer.commit(digest);
        }
    }

    /**
     * Copies {@code in} into the store; with {@code expected} not null the content must hash to
     * it ({@link DigestMismatchException} otherwise, and nothing is stored). When the store
     * already has {@code expected}, {@code in} is not read at all. Does not close {@code in}.
     */
    public BlobDescriptor put(InputStream in, Digest expected) throws IOException {
        if (expected != null && has(expected)) {
            return new BlobDescriptor(expected, size(expected));
        }
        try (BlobWriter writer = writer()) {
            // up to 1 MiB a read, not transferTo's 8 KiB: a 95 MB base layer copied from an OCI layout
            // took a quarter longer (a file says how much is left; a small blob needs no large buffer)
            byte[] buffer = new byte[Math.max(8192, Math.min(1 << 20, in.available()))];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                writer.write(buffer, 0, n);
            }
            return writer.commit(expected);
        }
    }
}
