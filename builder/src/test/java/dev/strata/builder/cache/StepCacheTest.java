package dev.strata.builder.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCacheTest {
    static final Digest SRC = Digest.ofBytes(new byte[] {1});

    @TempDir
    Path tmp;

    static Map<String, Object> document(String instruction, Digest source, String path) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("parent", "sha256:" + "0".repeat(64));
        doc.put("platform", "linux/amd64");
        doc.put("instruction", instruction);
        doc.put("env", Map.of("PATH", path, "HOME", "/root"));
        doc.put("sources", List.of(Map.of("path", "app.jar", "digest", source)));
        return doc;
    }

    @Test
    void theKeyIsTheHashOfCanonicalJsonWhateverTheKeyOrder() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<Map.Entry<String, Object>> entries = List.copyOf(document("COPY app.jar /app/", SRC, "/bin").entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        CacheKey a = CacheKey.of(document("COPY app.jar /app/", SRC, "/bin"));
        CacheKey b = CacheKey.of(reversed);
        assertEquals(a, b);
        String canonical = new String(a.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(canonical.startsWith("{\"env\":{\"HOME\":\"/root\",\"PATH\":\"/bin\"},\"instruction\":"), canonical);
        assertTrue(canonical.contains("\"digest\":\"" + SRC + "\""), canonical);
        assertEquals(Digest.ofBytes(a.canonicalBytes()), a.digest());
        assertNotEquals(a, CacheKey.of(document("COPY app.jar /app/", SRC, "/usr/bin")));
    }

    @Test
    void storesLooksUpAndExplainsAMiss() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StepCache cache = new StepCache(store);
        CacheKey first = CacheKey.of(document("COPY app.jar /app/", SRC, "/bin"));
        assertEquals(Optional.empty(), cache.lookup(first));
        JsonNode result = Json.parse(("{\"layer\":{\"digest\":\"sha256:" + "a".repeat(64) + "\"}}").getBytes(StandardCharsets.UTF_8));
        cache.store(first, result, "Dockerfile/build/2");
        assertEquals(Optional.of(result), cache.lookup(first));
        // a new StepCache over the same root (another build) sees it
        assertEquals(Optional.of(result), new StepCache(BlobStore.open(tmp.resolve("root"))).lookup(first));
        // the entry is the canonical JSON of {key, result}, as earlier versions wrote it and the export reads it
        com.fasterxml.jackson.databind.node.ObjectNode written = Json.object();
        written.set("result", result);
        written.set("key", first.document());
        assertArrayEquals(CanonicalJson.bytes(written),
                Files.readAllBytes(store.root().resolve("cache/steps/" + first.digest().hex() + ".json")));
        assertEquals(Optional.of(new CacheEntry(first, result)), cache.entry(first.digest()));

        CacheKey changed = CacheKey.of(document("COPY app.jar /app/", Digest.ofBytes(new byte[] {2}), "/usr/bin"));
        assertEquals(Optional.empty(), cache.lookup(changed));
        JsonNode previous = cache.previousDocument("Dockerfile/build/2").orElseThrow();
        assertEquals(List.of("/env/PATH", "/sources/0/digest"), KeyDiff.changedPaths(previous, changed.document()));
        assertEquals(Optional.empty(), cache.previousDocument("Dockerfile/build/3"));
        assertEquals(List.of(first.digest()), cache.keys());
        try (Stream<Path> temp = Files.list(store.tempDir())) {
            assertEquals(0, temp.filter(p -> !p.getFileName().toString().endsWith(".lock")).count());
        }
    }

    @Test
    void aTamperedOrCorruptEntryIsAMissNeverAHit() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        StepCache cache = new StepCache(store);
        CacheKey key = CacheKey.of(document("RUN make", SRC, "/bin"));
        cache.store(key, Json.parse("{\"empty\":true}".getBytes(StandardCharsets.UTF_8)), null);
        Path file = store.root().resolve("cache/steps/" + key.digest().hex() + ".json");
        Files.writeString(file, Files.readString(file).replace("RUN make", "RUN make install"));
        assertEquals(Optional.empty(), cache.lookup(key));
        Files.writeString(file, "{\"key\":");
        assertEquals(Optional.empty(), cache.lookup(key));
    }

    @Test
    void keyDiffReportsAddedRemovedAndChangedFields() throws Exception {
        JsonNode a = Json.parse("{\"a\":1,\"b\":[1,2,3],\"c\":{\"x/y\":true},\"d\":\"same\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode b = Json.parse("{\"a\":2,\"b\":[1,2],\"c\":{\"x/y\":true,\"z\":null},\"d\":\"same\",\"e\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("/a", "/b/2", "/c/z", "/e"), KeyDiff.changedPaths(a, b));
        assertEquals(List.of(), KeyDiff.changedPaths(a, a.deepCopy()));
        assertEquals(List.of("/c/x~1y"), KeyDiff.changedPaths(a.get("c") == null ? a : Json.parse("{\"c\":{\"x/y\":1}}".getBytes(StandardCharsets.UTF_8)),
                Json.parse("{\"c\":{\"x/y\":2}}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aMemoGivesTheRememberedKeyWithoutItsDocumentAndLooksItUp() throws Exception {
        StepCache cache = new StepCache(BlobStore.open(tmp.resolve("root")));
        Map<String, Object> doc = document("COPY app.jar /app/", SRC, "/bin");
        CacheKey key = CacheKey.of(doc);
        Digest fingerprint = Digest.ofBytes("inputs".getBytes(StandardCharsets.UTF_8));
        cache.remember("Dockerfile#0#1", key);
        cache.store(key, Json.object().put("digest", "sha256:" + "a".repeat(64)), null);
        cache.memoize("Dockerfile#0#1", fingerprint, key);

        int[] made = {0};
        CacheKey remembered = cache.memo("Dockerfile#0#1", fingerprint, () -> {
            made[0]++;
            return doc;
        }).orElseThrow();
        assertEquals(key, remembered);
        assertEquals("sha256:" + "a".repeat(64), cache.lookup(remembered).orElseThrow().get("digest").asText());
        cache.remember("Dockerfile#0#1", remembered);
        assertEquals(0, made[0], "a hit with a remembered key makes no document");
        assertArrayEquals(key.canonicalBytes(), remembered.canonicalBytes());
        assertEquals(1, made[0]);

        assertEquals(Optional.empty(), cache.memo("Dockerfile#0#1", Digest.ofBytes(new byte[] {9}), () -> doc), "other inputs");
        assertEquals(Optional.empty(), cache.memo("Dockerfile#0#2", fingerprint, () -> doc), "another step");
    }

    /** A cache whose step "Dockerfile#0#1" remembers {@code key}, memoized under {@link #FINGERPRINT}. */
    private StepCache memoized(CacheKey key) throws Exception {
        StepCache cache = new StepCache(BlobStore.open(tmp.resolve("root")));
        cache.remember("Dockerfile#0#1", key);
        cache.memoize("Dockerfile#0#1", FINGERPRINT, key);
        return cache;
    }

    private static final Digest FINGERPRINT = Digest.ofBytes(new byte[] {1});

    @Test
    void aNewKeyForTheStepDropsItsMemo() throws Exception {
        Digest fingerprint = FINGERPRINT;
        StepCache cache = memoized(CacheKey.of(document("COPY app.jar /app/", SRC, "/bin")));
        cache.remember("Dockerfile#0#1", CacheKey.of(document("COPY app.jar /app/", SRC, "/usr/bin")));
        assertEquals(Optional.empty(), cache.memo("Dockerfile#0#1", fingerprint, () -> Map.of()),
                "the memo named a key the step no longer remembers");
    }

    @Test
    void aDamagedMemoOrOneOfAnotherStrataBuildIsNone() throws Exception {
        CacheKey key = CacheKey.of(document("COPY app.jar /app/", SRC, "/bin"));
        Digest fingerprint = FINGERPRINT;
        StepCache cache = memoized(key);
        Path memo;
        try (Stream<Path> files = Files.list(tmp.resolve("root/cache/last"))) {
            memo = files.filter(f -> f.toString().endsWith(".memo")).findFirst().orElseThrow();
        }
        String good = Files.readString(memo);
        assertTrue(cache.memo("Dockerfile#0#1", fingerprint, () -> Map.of()).isPresent());
        for (String bad : List.of(good.replace(StrataBuild.id().orElseThrow(), "jar:1:2:3"), good.replace(" ", "  "),
                good.substring(0, 40), good.replace(key.digest().toString(), "sha256:zz"), "")) {
            Files.writeString(memo, bad);
            assertEquals(Optional.empty(), cache.memo("Dockerfile#0#1", fingerprint, () -> Map.of()), bad);
        }
    }

    @Test
    void aRememberedKeyWhoseDocumentDiffersIsABug() {
        CacheKey key = CacheKey.of(document("COPY app.jar /app/", SRC, "/bin"));
        CacheKey wrong = CacheKey.remembered(key.digest(), key.length(), () -> document("COPY app.jar /app/", SRC, "/usr/bin"));
        assertEquals(key, wrong);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, wrong::document);
        assertTrue(e.getMessage().contains("does not match its document"), e.getMessage());
    }
}
