package dev.strata.builder.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.hash.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    @TempDir
    Path tmp;

    @Test
    void aNewStoreIsAnEmptyOciLayout() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(store.root().resolve("oci-layout")));
        assertTrue(Files.readString(store.root().resolve("index.json")).contains("\"manifests\":[]"));
        assertTrue(Files.isDirectory(store.root().resolve("blobs/sha256")));
        // reopening keeps what is there
        Files.writeString(store.root().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{}]}");
        BlobStore.open(tmp.resolve("root"));
        assertTrue(Files.readString(store.root().resolve("index.json")).contains("[{}]"));
    }

    @Test
    void readingADamagedBlobToItsEndNamesIt() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("root"));
        byte[] content = new byte[200_000];
        new java.util.Random(7).nextBytes(content);
        Digest digest = store.put(content).digest();
        content[123_456] ^= 1;
        Files.write(store.path(digest), content);

        try (InputStream in = store.open(digest)) {
            assertEquals(1000, in.readNBytes(1000).length, "a reader that stops early (a header sniff) is not stopped");
        }
        for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                () -> store.open(digest).readAllBytes(),
                () -> store.readAllBytes(digest),
                () -> store.verify(digest))) {
            CorruptBlobException e = assertThrows(CorruptBlobException.class, read);
            assertTrue(e.getMessage().startsWith("blob " + digest + " in the store " + store.root() + " is corrupt (its 200000 bytes hash to "
                    + Digest.ofBytes(content) + "): delete blobs/sha256/" + digest.hex()), e.getMessage());
        }
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNotALayout() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> BlobStore.open(tmp));
        assertTrue(e.getMessage().contains("not an OCI image layout"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("blobs")));
    }

    @Test
    void storesBytesUnderTheirDigest() throws Exception {
        BlobStore store = BlobStore.open(tmp);
        byte[] bytes = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        BlobDescriptor d = store.put(bytes);
        assertEquals(Digest.ofBytes(bytes), d.digest());
        assertEquals(bytes.length, d.size());
        assertTrue(store.has(d.digest()));
        assertEquals(store.root().resolve("blobs/sha256/" + d.digest().hex()), store.path(d.digest()));
        try (InputStream in = store.open(d.digest())) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertEquals(d, store.put(bytes));
        assertEquals(d, store.put(new ByteArrayInputStream(bytes), d.digest()));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.path(d.digest()))));
        assertNoTempFiles(store);
    }

    @Test
    void rejectsContentThatDoesNotMatchItsDigestAndStoresNothing() throws Exception {
        BlobStore store = BlobStore.open(tmp);
        Digest claimed = Digest.ofBytes("expected".getBytes(StandardCharsets.UTF_8));
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> store.put(new ByteArrayInputStream("tampered".getBytes(StandardCharsets.UTF_8)), claimed));
        assertTrue(e.getMessage().startsWith("blob digest mismatch: expected " + claimed + ", got sha256:"), e.getMessage());
        assertFalse(store.has(claimed));
        assertFalse(store.has(e.actual()));
        assertNoTempFiles(store);
    }

    @Test
    void anAbandonedWriterLeavesNothing() throws Exception {
        BlobStore store = BlobStore.open(tmp);
        try (BlobWriter writer = store.writer()) {
            writer.write(new byte[100_000]);
        }
        try (Stream<Path> blobs = Files.list(store.root().resolve("blobs/sha256"))) {
            assertEquals(0, blobs.count());
        }
        assertNoTempFiles(store);
        assertThrows(NoSuchFileException.class, () -> store.open(Digest.ofBytes(new byte[100_000])));
    }

    @Test
    void buildsOpeningANewStoreAtTheSameTimeAllSucceed() throws Exception {
        // mvn -T 2: two modules' first builds share one fresh --root
        for (int round = 0; round < 20; round++) {
            Path root = tmp.resolve("store-" + round);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<BlobStore>> opened = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    opened.add(pool.submit(() -> BlobStore.open(root)));
                }
                for (Future<BlobStore> store : opened) {
                    assertEquals(root, store.get().root());
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(Files.exists(root.resolve("oci-layout")));
        }
    }

    @Test
    void concurrentWritersOfTheSameBlobAllSucceed() throws Exception {
        BlobStore store = BlobStore.open(tmp);
        byte[] bytes = new byte[1 << 20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BlobDescriptor>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> store.put(new ByteArrayInputStream(bytes), null)));
            }
            for (Future<BlobDescriptor> result : results) {
                assertEquals(Digest.ofBytes(bytes), result.get().digest());
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(bytes, store.readAllBytes(Digest.ofBytes(bytes)));
        assertNoTempFiles(store);
    }

    @Test
    void openingRemovesTempFilesAKilledProcessLeftADayAgo() throws Exception {
        BlobStore store = BlobStore.open(tmp);
        Path stale = store.newTempFile("blob");
        Path fresh = store.newTempFile("blob");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        BlobStore.open(tmp);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
    }

    private static void assertNoTempFiles(BlobStore store) throws IOException {
        try (Stream<Path> files = Files.list(store.tempDir())) {
            assertEquals(List.of(), files.toList());
        }
    }
}
