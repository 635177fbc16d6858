package dev.strata.builder.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Extracted layers, one directory per diff ID: {@code <storeRoot>/layers/<diffIdHex>/}. A layer is
 * extracted once (into a temporary directory, verified against its diff ID, then renamed into
 * place) and reused by every later step and build. The directories are overlayfs lower
 * directories: never modify them. Thread-safe; concurrent extractions of the same layer are fine
 * (the first rename wins).
 */
public final class LayerStore {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path layers;
    private Boolean keepsOwners;

    public LayerStore(Path storeRoot) throws IOException {
        this.layers = storeRoot.resolve("layers");
        Files.createDirectories(layers);
        closeToOthers(layers);
    }

    /**
     * Layers hold images' setuid programs and files with capabilities, owned as the images say;
     * reachable by the machine's other users they would be theirs to run (as Docker's data
     * directory was before CVE-2021-41091). Nothing else needs to get in: overlayfs reads lower
     * directories with the credentials of whoever mounted them, the builder.
     */
    private static void closeToOthers(Path layers) throws IOException {
        int mode = (Integer) Files.getAttribute(layers, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 077) != 0) {
            Files.setAttribute(layers, "unix:mode", mode & 07700, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The directory of an extracted layer, if it is there. */
    public Optional<Path> find(String diffIdHex) {
        Path dir = layers.resolve(checkHex(diffIdHex));
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The extracted directory of the layer whose uncompressed sha256 is {@code diffIdHex},
     * extracting {@code blob} (gzip, zstd or plain tar) first if needed.
     *
     * @param notes receives warnings (skipped entries, attributes not kept)
     * @throws UnsafeLayerException if an entry would land outside the layer or through a symlink
     * @throws IOException if the blob's content does not match {@code diffIdHex}
     */
    public Path extract(Path blob, String diffIdHex, Consumer<String> notes) throws IOException {
        return extract(blob, diffIdHex, notes, ExtractionProgress.NONE);
    }

    /**
     * As {@link #extract(Path, String, Consumer)}, telling {@code progress} how far it is when the
     * layer is not in the store yet (nothing when it is).
     */
    public Path extract(Path blob, String diffIdHex, Consumer<String> notes, ExtractionProgress progress) throws IOException {
        Optional<Path> existing = find(diffIdHex);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path temp = Files.createTempDirectory(layers, ".extract-");
        try {
            Files.setAttribute(temp, "unix:mode", 0755);
            MessageDigest sha256 = sha256();
            long size = Files.size(blob);
            progress.read(0, size);
            // decompressing and hashing on a thread of their own overlap with creating the files
            try (InputStream in = new ReadAheadInputStream(new DigestInputStream(LayerStreams.open(blob, progress), sha256),
                    "strata-extract-read")) {
                new LayerExtractor(temp, notes, true).extract(in);
                in.transferTo(OutputStream.nullOutputStream());
            } catch (UnsafeLayerException e) {
                throw new UnsafeLayerException("layer sha256:" + diffIdHex.substring(0, 12) + ": " + e.getMessage());
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(diffIdHex)) {
                throw new IOException("layer " + blob.getFileName() + " has diff ID sha256:" + actual
                        + ", expected sha256:" + diffIdHex);
            }
            Path extracted = adopt(temp, diffIdHex);
            progress.read(size, size);
            return extracted;
        } finally {
            Trees.delete(temp);
        }
    }

    /**
     * Moves {@code dir} (an extracted layer or the upper directory of a finished RUN, on the same
     * file system) into the store as layer {@code diffIdHex}; if the store has it already, {@code
     * dir} is left where it is. Returns the store's directory.
     */
    public Path adopt(Path dir, String diffIdHex) throws IOException {
        Path target = layers.resolve(checkHex(diffIdHex));
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(dir + " is not on the file system of the layer store " + layers, e);
        } catch (FileSystemException e) {
            // another build or stage extracted it meanwhile: theirs is as good as ours. rename(2)
            // then fails with ENOTEMPTY, which Java reports as a plain FileSystemException
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
        }
        return target;
    }

    /**
     * Whether extracted files get the owners their layers give them (false for a non-root
     * builder, or in a user namespace mapping few ids: they then belong to the builder's user).
     * Probed once.
     */
    public synchronized boolean keepsOwners() throws IOException {
        if (keepsOwners == null) {
            keepsOwners = Owners.canGiveAway(layers);
        }
        return keepsOwners;
    }

    /** The directory holding the layers (temporary directories made here rename atomically into it). */
    public Path directory() {
        return layers;
    }

    private static String checkHex(String hex) {
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
        }
        return hex;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
