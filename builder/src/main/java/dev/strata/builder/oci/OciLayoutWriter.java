package dev.strata.builder.oci;

import dev.strata.builder.blob.BlobStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Names images in a store's {@code index.json} with the {@code org.opencontainers.image.ref.name}
 * annotation, so {@code skopeo inspect oci:<root>:<name>} finds them. Updates take a lock file
 * and replace {@code index.json} atomically. Thread-safe, and safe across processes.
 */
public final class OciLayoutWriter {
    /** The annotation OCI layouts name their images by. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private OciLayoutWriter() {}

    /** Points {@code name} (e.g. {@code app:1.0}) at {@code manifest}, replacing what it named before. */
    public static void tag(BlobStore store, String name, Descriptor manifest) throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("empty image name");
        }
        if (!store.has(manifest.digest())) {
            throw new IOException("manifest " + manifest.digest() + " is not in the store " + store.root());
        }
        Descriptor named = manifest.withAnnotation(REF_NAME, name);
        if (readIndex(store.root()).manifests().contains(named)) {
            return; // already named so (index.json is replaced atomically, so this read is whole)
        }
        withLock(store, () -> {
            Index index = readIndex(store.root());
            List<Descriptor> manifests = new ArrayList<>();
            for (Descriptor d : index.manifests()) {
                if (!name.equals(d.annotation(REF_NAME))) {
                    manifests.add(d);
                }
            }
            manifests.add(named);
            manifests.sort(Comparator.comparing((Descriptor d) -> String.valueOf(d.annotation(REF_NAME))).thenComparing(Descriptor::digest));
            writeIndex(store, index.withManifests(manifests));
        });
    }

    /** The manifest {@code name} points at in the store, if any. */
    public static Optional<Descriptor> lookup(BlobStore store, String name) throws IOException {
        for (Descriptor d : readIndex(store.root()).manifests()) {
            if (name.equals(d.annotation(REF_NAME))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Every entry of the store's {@code index.json} (tagged images carry {@link #REF_NAME}). */
    public static List<Descriptor> entries(BlobStore store) throws IOException {
        return readIndex(store.root()).manifests();
    }

    /** Removes the name {@code name} from the index; the blobs stay. Returns whether it was there. */
    public static boolean untag(BlobStore store, String name) throws IOException {
        boolean[] removed = {false};
        withLock(store, () -> {
            Index index = readIndex(store.root());
            List<Descriptor> manifests = new ArrayList<>();
            for (Descriptor d : index.manifests()) {
                if (name.equals(d.annotation(REF_NAME))) {
                    removed[0] = true;
                } else {
                    manifests.add(d);
                }
            }
            if (removed[0]) {
                writeIndex(store, index.withManifests(manifests));
            }
        });
        return removed[0];
    }

    static Index readIndex(Path layout) throws IOException {
        Path file = layout.resolve("index.json");
        return OciJson.read(Files.readAllBytes(file), Index.class, file.toString());
    }

    private static void writeIndex(BlobStore store, Index index) throws IOException {
        Path temp = store.newTempFile("index.json");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(OciJson.write(index)));
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, store.root().resolve("index.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private interface Update {
        void run() throws IOException;
    }

    private static void withLock(BlobStore store, Update update) throws IOException {
        Path lockFile = store.tempDir().resolve("index.json.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = acquire(channel);
            try {
                update.run();
            } finally {
                lock.release();
            }
        }
    }

    private static FileLock acquire(FileChannel channel) throws IOException {
        // another thread of this JVM may hold the lock: wait for it
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException busy) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the index.json lock");
                }
            }
        }
    }
}
