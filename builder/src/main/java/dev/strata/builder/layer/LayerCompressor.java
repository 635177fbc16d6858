package dev.strata.builder.layer;

import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.blob.BlobWriter;
import dev.strata.builder.blob.KeepOpenOutputStream;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Makes the compressed blob of an uncompressed layer, once per store: the store keeps the layers
 * a build writes as plain tar (as buildah does), and an image leaving the store (push, OCI
 * export) gets them compressed. The result is remembered by diff ID under
 * {@code cache/compressed/<compression>/}, so an unchanged layer is compressed once however
 * often it is pushed; a remembered blob that left the store (prune) is made again. The
 * compressed bytes are those {@link LayerWriter} would have written with this compression (same
 * streams over the same tar), so digests do not depend on when compression happens.
 * Thread-safe: a layer asked for by several threads is compressed once.
 */
public final class LayerCompressor {
    private final BlobStore store;
    private final Compression compression;
    private final Path index;
    private final Map<Digest, CompletableFuture<Layer>> inFlight = new ConcurrentHashMap<>();

    /** Compresses to {@code compression} (gzip or zstd, default level) into {@code store}. */
    public LayerCompressor(BlobStore store, Compression compression) {
        this.store = Objects.requireNonNull(store, "store");
        this.compression = Objects.requireNonNull(compression, "compression");
        if (compression == Compression.NONE) {
            throw new IllegalArgumentException("a layer compressor needs a compression");
        }
        this.index = store.root().resolve("cache").resolve("compressed").resolve(compression.name().toLowerCase(Locale.ROOT));
    }

    /** The compression layers get. */
    public Compression compression() {
        return compression;
    }

    /**
     * The compressed form of {@code layer}: itself unless it is an uncompressed tar, else the
     * remembered compressed blob or a new one.
     */
    public Layer compress(Layer layer) throws IOException {
        if (layer.compression() != Compression.NONE) {
            return layer;
        }
        try {
            return start(layer, Runnable::run).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** The compressed form of {@code layer} if one was made before (or it is compressed already); nothing is compressed. */
    public java.util.Optional<Layer> known(Layer layer) {
        return layer.compression() != Compression.NONE ? java.util.Optional.of(layer) : lookup(layer.diffId());
    }

    /** Starts compressing {@code layer} on {@code executor} (e.g. while later build steps run); see {@link #compress}. */
    public CompletableFuture<Layer> start(Layer layer, Executor executor) {
        if (layer.compression() != Compression.NONE) {
            return CompletableFuture.completedFuture(layer);
        }
        CompletableFuture<Layer> created = new CompletableFuture<>();
        CompletableFuture<Layer> running = inFlight.putIfAbsent(layer.diffId(), created);
        if (running != null) {
            return running;
        }
        executor.execute(() -> {
            try {
                created.complete(lookup(layer.diffId()).orElseGet(() -> write(layer)));
            } catch (RuntimeException | Error e) {
                created.completeExceptionally(e);
            } finally {
                inFlight.remove(layer.diffId(), created);
            }
        });
        return created;
    }

    /**
     * Compresses the tar {@code tar} on {@code executor} while {@link LayerWriter} is still
     * writing it, reading the file behind the writer (no second read of the stored tar, and the
     * two overlap); the same bytes as {@link #compress} of the finished tar. From the moment the
     * writer knows the diff ID, {@link #compress} and {@link #start} of that layer wait for this
     * instead of compressing again. Use as {@code writer.write(entries, progress, t -> compressor.follow(t, executor))}.
     */
    public CompletableFuture<Layer> follow(GrowingTar tar, Executor executor) {
        CompletableFuture<Layer> created = new CompletableFuture<>();
        tar.onFinish(diffId -> {
            java.util.Optional<Layer> known = lookup(diffId);
            if (known.isPresent()) {
                created.complete(known.get()); // compressed before (an unchanged layer written again): the follower stops
            } else if (inFlight.putIfAbsent(diffId, created) == null) {
                created.whenComplete((layer, failure) -> inFlight.remove(diffId, created));
            }
        });
        try {
            executor.execute(() -> {
                try {
                    created.complete(writeFollowing(tar, created));
                } catch (RuntimeException | Error e) {
                    created.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            created.completeExceptionally(e); // never left waiting for: the write fails with this
            throw e;
        }
        return created;
    }

    /** The compressed layer, or null when {@code result} was settled meanwhile (nothing is stored then). */
    private Layer writeFollowing(GrowingTar tar, CompletableFuture<Layer> result) {
        try (FileChannel in = tar.channel(); BlobWriter writer = store.writer(); FileChannel written = writer.reader()) {
            try (OutputStream out = compression.compress(new KeepOpenOutputStream(writer))) {
                ByteBuffer buffer = ByteBuffer.allocate(FOLLOW_BUFFER);
                long position = 0;
                long synced = 0;
                for (long available; (available = tar.awaitBeyond(position)) >= 0; ) {
                    if (result.isDone()) {
                        return null;
                    }
                    while (position < available) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), available - position));
                        int n = in.read(buffer, position);
                        if (n <= 0) {
                            throw new IOException("the layer's tar ended at byte " + position + " of " + available);
                        }
                        out.write(buffer.array(), 0, n);
                        position += n;
                        if (writer.count() - synced >= SYNC_STEP) {
                            // On the disk as it grows, while this thread would wait for the compressing ones anyway:
                            // the commit's fsync, which the push waits for, then has only the last bytes to write
                            // (all 200 MB of a large layer took ~85 ms here).
                            writer.flush();
                            written.force(false);
                            synced = writer.count();
                        }
                    }
                }
                out.flush(); // as compress does: the bytes must match
            }
            if (result.isDone()) {
                return null;
            }
            BlobDescriptor blob = writer.commit();
            remember(tar.diffId(), blob);
            return new Layer(blob.digest(), tar.diffId(), blob.size(), compression.mediaType());
        } catch (IOException e) {
            throw new UncheckedIOException("compressing a layer while it is written: " + e.getMessage(), e);
        }
    }

    private static final int FOLLOW_BUFFER = 1 << 20;
    private static final long SYNC_STEP = 32 << 20;

    /**
     * The compressed layer some earlier push or export made of the tar with {@code diffId}, if its
     * blob is still in {@code store} (gzip first): a cached step whose tar blob was pruned can use it.
     */
    public static java.util.Optional<Layer> remembered(BlobStore store, Digest diffId) {
        for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD}) {
            java.util.Optional<Layer> found = new LayerCompressor(store, c).lookup(diffId);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private java.util.Optional<Layer> lookup(Digest diffId) {
        Path file = index.resolve(diffId.hex());
        try {
            String[] words = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            if (words.length == 2) {
                Digest digest = Digest.parse(words[0]);
                long size = Long.parseLong(words[1]);
                if (store.has(digest) && store.size(digest) == size) {
                    return java.util.Optional.of(new Layer(digest, diffId, size, compression.mediaType()));
                }
            }
        } catch (NoSuchFileException absent) {
            // not compressed yet
        } catch (IOException | IllegalArgumentException unreadable) {
            // a damaged record is no record: compress again and overwrite it
        }
        return java.util.Optional.empty();
    }

    private Layer write(Layer tar) {
        try {
            BlobDescriptor blob;
            try (BlobWriter writer = store.writer();
                    InputStream in = store.open(tar.digest())) {
                try (OutputStream out = compression.compress(new KeepOpenOutputStream(writer))) {
                    in.transferTo(out);
                    out.flush(); // as the tar writer's finish() does: zstd ends a block there, and the bytes must match
                }
                blob = writer.commit();
            }
            remember(tar.diffId(), blob);
            return new Layer(blob.digest(), tar.diffId(), blob.size(), compression.mediaType());
        } catch (IOException e) {
            throw new UncheckedIOException("compressing layer " + tar.digest() + ": " + e.getMessage(), e);
        }
    }

    private void remember(Digest diffId, BlobDescriptor blob) throws IOException {
        Files.createDirectories(index);
        Path temp = store.newTempFile("compressed");
        try {
            Files.writeString(temp, blob.digest() + " " + blob.size() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, index.resolve(diffId.hex()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
