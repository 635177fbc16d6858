package dev.strata.builder.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.PruneResult;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheEntry;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.OciLayoutWriter;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One prune of a store: mark every blob reachable from {@code index.json} (manifests, index
 * children, configs, layers), sweep the rest, then drop step-cache entries whose layer blob is
 * gone and extracted layers nothing kept uses. Not thread-safe (one run per instance).
 */
final class StorePrune {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_DEPTH = 8;
    private static final long MAX_DOCUMENT = 16L << 20;

    private record Candidate(Path file, Digest digest, long size, Instant modified, boolean document) {}

    private final BlobStore store;
    private final Long keepStorage;
    private final Instant cutoff;
    private int blobs;
    private int cacheEntries;
    private int layerDirs;
    private long freed;

    StorePrune(BlobStore store, Long keepStorage, Duration until) {
        this.store = store;
        this.keepStorage = keepStorage;
        this.cutoff = until == null ? null : Instant.now().minus(until);
    }

    PruneResult run() throws IOException {
        sweepBlobs();
        Set<String> keptDiffIds = new HashSet<>(markedDiffIds());
        sweepCache(keptDiffIds);
        sweepLayers(keptDiffIds);
        return new PruneResult(blobs, cacheEntries, layerDirs, freed);
    }

    private void sweepBlobs() throws IOException {
        Set<Digest> keep = mark(new HashSet<>());
        List<Candidate> candidates = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.list(store.root().resolve("blobs").resolve("sha256"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                total += attrs.size();
                if (!HEX64.matcher(name).matches() || !attrs.isRegularFile()) {
                    continue;
                }
                Digest digest = Digest.sha256(name);
                Instant modified = attrs.lastModifiedTime().toInstant();
                if (keep.contains(digest) || (cutoff != null && modified.isAfter(cutoff))) {
                    continue;
                }
                candidates.add(new Candidate(file, digest, attrs.size(), modified, attrs.size() <= MAX_DOCUMENT && isDocument(file)));
            }
        }
        // Unused manifests go first: a manifest without its blobs would look like a complete image.
        candidates.sort(Comparator.comparing((Candidate c) -> !c.document()).thenComparing(Candidate::modified));
        // A build may have named an image while we looked: mark again right before deleting.
        Set<Digest> keepNow = mark(keep);
        for (Candidate c : candidates) {
            if (keepStorage != null && total <= keepStorage) {
                break;
            }
            if (keepNow.contains(c.digest())) {
                continue;
            }
            if (Files.deleteIfExists(c.file())) {
                blobs++;
                freed += c.size();
                total -= c.size();
                Files.deleteIfExists(store.root().resolve("registry").resolve("sources").resolve("sha256").resolve(c.digest().hex()));
            }
        }
    }

    /** Every blob reachable from the index, added to {@code into}. */
    private Set<Digest> mark(Set<Digest> into) throws IOException {
        for (Descriptor d : OciLayoutWriter.entries(store)) {
            markDocument(d.digest(), into, 0);
        }
        return into;
    }

    private void markDocument(Digest digest, Set<Digest> marked, int depth) throws IOException {
        if (!marked.add(digest) || depth > MAX_DEPTH || !store.has(digest) || store.size(digest) > MAX_DOCUMENT) {
            return;
        }
        JsonNode doc;
        try {
            doc = OciJson.tree(store.readAllBytes(digest), "blob " + digest);
        } catch (IOException notJson) {
            return;
        }
        for (JsonNode child : doc.path("manifests")) {
            markChild(child, marked, depth);
        }
        if (doc.has("config")) {
            markDigest(doc.get("config"), marked);
        }
        for (JsonNode layer : doc.path("layers")) {
            markDigest(layer, marked);
        }
        if (doc.has("subject")) {
            markDigest(doc.get("subject"), marked);
        }
    }

    private void markChild(JsonNode descriptor, Set<Digest> marked, int depth) throws IOException {
        Optional<Digest> d = digestOf(descriptor);
        if (d.isPresent()) {
            markDocument(d.get(), marked, depth + 1);
        }
    }

    private static void markDigest(JsonNode descriptor, Set<Digest> marked) {
        digestOf(descriptor).ifPresent(marked::add);
    }

    private static Optional<Digest> digestOf(JsonNode descriptor) {
        try {
            return Optional.of(Digest.parse(descriptor.path("digest").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isDocument(Path file) {
        try {
            JsonNode doc = OciJson.tree(Files.readAllBytes(file), file.toString());
            return doc.has("manifests") || (doc.has("config") && doc.has("layers"));
        } catch (IOException notJson) {
            return false;
        }
    }

    /** The diff IDs of the images still named in the index. */
    private List<String> markedDiffIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (StoreRefs.Entry e : new StoreRefs(store).entries()) {
            e.image().config().rootfs().diffIds().forEach(d -> ids.add(d.hex()));
        }
        return ids;
    }

    private void sweepCache(Set<String> keptDiffIds) throws IOException {
        StepCache cache = new StepCache(store);
        Path steps = store.root().resolve("cache").resolve("steps");
        for (Digest key : cache.keys()) {
            Path file = steps.resolve(key.hex() + ".json");
            Optional<CacheEntry> entry = cache.entry(key);
            JsonNode result = entry.map(CacheEntry::result).orElse(null);
            boolean orphan = result == null
                    || (result.hasNonNull("digest") && !store.has(Digest.parse(result.get("digest").asText()))
                            && !hasCompressedForm(result));
            if (!orphan) {
                if (result.hasNonNull("diffId")) {
                    keptDiffIds.add(Digest.parse(result.get("diffId").asText()).hex());
                }
                continue;
            }
            long size = sizeOrZero(file);
            if (Files.deleteIfExists(file)) {
                cacheEntries++;
                freed += size;
            }
        }
    }

    /** Whether a pushed or exported compressed form of the result's (pruned) tar layer is still stored. */
    private boolean hasCompressedForm(JsonNode result) {
        try {
            return result.hasNonNull("diffId")
                    && dev.strata.builder.layer.LayerCompressor.remembered(store, Digest.parse(result.get("diffId").asText())).isPresent();
        } catch (IllegalArgumentException notADigest) {
            return false;
        }
    }

    private void sweepLayers(Set<String> keptDiffIds) throws IOException {
        Path layers = store.root().resolve("layers");
        if (!Files.isDirectory(layers, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(layers)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!HEX64.matcher(name).matches() || keptDiffIds.contains(name)
                        || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (cutoff != null && Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
                    continue;
                }
                freed += deleteTree(dir);
                layerDirs++;
            }
        }
    }

    private static long sizeOrZero(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Deletes {@code dir} without following symlinks; returns the bytes of the regular files in it. */
    private static long deleteTree(Path dir) throws IOException {
        long[] bytes = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                d.toFile().setWritable(true, true); // read-only directories from layers must still empty
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    bytes[0] += attrs.size();
                }
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }
}
