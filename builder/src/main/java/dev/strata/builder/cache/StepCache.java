package dev.strata.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The step index beside the blobs: {@code <root>/cache/steps/<key hex>.json} maps a
 * {@link CacheKey} to a small result document the engine defines (e.g. a layer's digest, diff
 * ID, size and media type, or "no layer"), and keeps the key document. Under
 * {@code <root>/cache/last/<sha256 of step identity>.json} it remembers the last key used by a
 * step identity (such as {@code Dockerfile path + stage + index}), so a miss can be explained
 * with {@link KeyDiff}. Writes are atomic (temp file, fsync, rename); a corrupt or foreign file
 * reads as a miss. Callers should check that the blobs a result names are still in the store.
 * Thread-safe.
 */
public final class StepCache {
    private static final byte[] ENTRY_START = "{\"key\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENTRY_MIDDLE = ",\"result\":".getBytes(StandardCharsets.UTF_8);

    private final BlobStore store;
    private final Path steps;
    private final Path last;

    public StepCache(BlobStore store) throws IOException {
        this.store = store;
        this.steps = Files.createDirectories(store.root().resolve("cache").resolve("steps"));
        this.last = Files.createDirectories(store.root().resolve("cache").resolve("last"));
    }

    /** The result stored for {@code key}, if any. */
    public Optional<JsonNode> lookup(CacheKey key) throws IOException {
        Optional<byte[]> stored = stored(key.digest());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = stored.get();
        // An entry is {"key":K,"result":R} with K the key's canonical bytes: finding exactly those
        // bytes proves the entry is this key's, as hashing the parsed document would (entry()).
        // A remembered key has no bytes to compare: its memo stands for them as the stat cache
        // stands for a file's content, and the entry must have the shape its length gives.
        int result = ENTRY_START.length + key.length() + ENTRY_MIDDLE.length;
        if (bytes.length <= result || bytes[bytes.length - 1] != '}'
                || !Arrays.equals(bytes, 0, ENTRY_START.length, ENTRY_START, 0, ENTRY_START.length)
                || key.hasDocument() && !Arrays.equals(bytes, ENTRY_START.length, ENTRY_START.length + key.length(), key.bytes(), 0, key.length())
                || !Arrays.equals(bytes, result - ENTRY_MIDDLE.length, result, ENTRY_MIDDLE, 0, ENTRY_MIDDLE.length)) {
            return Optional.empty(); // corrupt, or not written by this version: a miss, never trusted
        }
        try {
            return Optional.of(Json.parse(bytes, result, bytes.length - 1 - result));
        } catch (IOException corrupt) {
            return Optional.empty();
        }
    }

    /** The whole entry stored under a key digest (for exporting the cache), if any and intact. */
    public Optional<CacheEntry> entry(Digest keyDigest) throws IOException {
        Optional<byte[]> bytes = stored(keyDigest);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = CanonicalJson.parse(bytes.get(), "cache entry " + keyDigest);
        } catch (IOException corrupt) {
            return Optional.empty();
        }
        JsonNode document = node.get("key");
        JsonNode result = node.get("result");
        if (document == null || result == null) {
            return Optional.empty();
        }
        CacheKey key = CacheKey.of(document);
        // an entry must hash to its name: anything else is ignored, never trusted
        return key.digest().equals(keyDigest) ? Optional.of(new CacheEntry(key, result)) : Optional.empty();
    }

    /** The bytes of the entry stored under {@code keyDigest}, if there is one. */
    private Optional<byte[]> stored(Digest keyDigest) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(steps.resolve(keyDigest.hex() + ".json")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Records {@code result} for {@code key}, and {@code key} as the latest of {@code stepIdentity} (if not null). */
    public void store(CacheKey key, JsonNode result, String stepIdentity) throws IOException {
        // CanonicalJson.bytes of {"key":document,"result":result}, without serialising the key again
        byte[] k = key.bytes();
        byte[] r = CanonicalJson.bytes(result);
        byte[] entry = new byte[ENTRY_START.length + k.length + ENTRY_MIDDLE.length + r.length + 1];
        ByteBuffer.wrap(entry).put(ENTRY_START).put(k).put(ENTRY_MIDDLE).put(r).put((byte) '}');
        writeAtomically(steps.resolve(key.digest().hex() + ".json"), entry);
        if (stepIdentity != null) {
            remember(stepIdentity, key);
        }
    }

    /** Imports an entry (e.g. from a registry cache); refused unless the document hashes to the key. */
    public void importEntry(CacheEntry entry) throws IOException {
        store(entry.key(), entry.result(), null);
    }

    /** Notes that {@code stepIdentity} last used {@code key} (call on hits too). */
    public void remember(String stepIdentity, CacheKey key) throws IOException {
        Path file = identityFile(stepIdentity);
        if (!key.hasDocument()) {
            return; // a memo gave the key: it is the one remembered (memo())
        }
        byte[] bytes = key.bytes();
        if (sameContent(file, bytes)) {
            return; // an unchanged rebuild writes (and fsyncs) nothing here
        }
        // a memo names the key remembered here: it goes first, and comes back with memoize()
        Files.deleteIfExists(memoFile(stepIdentity));
        writeAtomically(file, bytes);
    }

    /**
     * The key {@code stepIdentity} remembers, if it was memoized with this {@code fingerprint}
     * (of the step's inputs, which decide its key) by this build of Strata: a cached rebuild then
     * knows its key without making its document. Anything else, or a damaged memo, is empty.
     */
    public Optional<CacheKey> memo(String stepIdentity, Digest fingerprint, java.util.function.Supplier<java.util.Map<String, ?>> document)
            throws IOException {
        Optional<String> build = StrataBuild.id();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(memoFile(stepIdentity));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] fields = new String(bytes, StandardCharsets.UTF_8).split(" ", -1);
        if (build.isEmpty() || fields.length != 4 || !fields[0].equals(fingerprint.toString())
                || !fields[3].equals(build.get() + "\n")) {
            return Optional.empty();
        }
        try {
            return Optional.of(CacheKey.remembered(Digest.parse(fields[1]), Integer.parseInt(fields[2]), document));
        } catch (IllegalArgumentException damaged) {
            return Optional.empty();
        }
    }

    /**
     * Memoizes that the inputs with {@code fingerprint} give {@code key}, the key {@code stepIdentity}
     * now remembers (call after {@link #remember}, once the step's result is stored).
     */
    public void memoize(String stepIdentity, Digest fingerprint, CacheKey key) throws IOException {
        Optional<String> build = StrataBuild.id();
        if (build.isEmpty()) {
            return;
        }
        byte[] memo = (fingerprint + " " + key.digest() + " " + key.length() + " " + build.get() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path file = memoFile(stepIdentity);
        if (!sameContent(file, memo)) {
            // not synced: a memo lost or torn by a crash reads as none, an older one names the
            // key of the older inputs it fingerprints
            writeAtomically(file, memo, false);
        }
    }

    private Path memoFile(String stepIdentity) {
        return last.resolve(identityName(stepIdentity) + ".memo");
    }

    private static boolean sameContent(Path file, byte[] bytes) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(file), bytes);
        } catch (IOException missingOrUnreadable) {
            return false;
        }
    }

    /** The key document {@code stepIdentity} used last time, to explain a miss with {@link KeyDiff}. */
    public Optional<JsonNode> previousDocument(String stepIdentity) throws IOException {
        try {
            return Optional.of(CanonicalJson.parse(Files.readAllBytes(identityFile(stepIdentity)), "cache identity " + stepIdentity));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException corrupt) {
            return Optional.empty();
        }
    }

    /** The digests of every stored key. */
    public List<Digest> keys() throws IOException {
        List<Digest> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(steps)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && name.length() == 64 + 5) {
                    try {
                        keys.add(Digest.sha256(name.substring(0, 64)));
                    } catch (IllegalArgumentException notOurs) {
                        // a stray file: skip
                    }
                }
            }
        }
        keys.sort(null);
        return keys;
    }

    private Path identityFile(String stepIdentity) {
        return last.resolve(identityName(stepIdentity) + ".json");
    }

    /** The name of a step identity's files under {@code cache/last}: the sha256 of the identity. */
    private static String identityName(String stepIdentity) {
        return Digest.ofBytes(stepIdentity.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(target, bytes, true);
    }

    private void writeAtomically(Path target, byte[] bytes, boolean sync) throws IOException {
        Path temp = store.newTempFile("cache");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                if (sync) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
