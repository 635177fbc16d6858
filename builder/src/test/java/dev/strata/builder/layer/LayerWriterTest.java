package dev.strata.builder.layer;

import static dev.strata.builder.layer.LayerTestSupport.entries;
import static dev.strata.builder.layer.LayerTestSupport.uncompressed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.LayerEntry.Directory;
import dev.strata.builder.layer.LayerEntry.Hardlink;
import dev.strata.builder.layer.LayerEntry.OpaqueWhiteout;
import dev.strata.builder.layer.LayerEntry.RegularFile;
import dev.strata.builder.layer.LayerEntry.Symlink;
import dev.strata.builder.layer.LayerEntry.Whiteout;
import dev.strata.builder.layer.LayerTestSupport.Read;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
    static final Instant EPOCH = Instant.EPOCH;
    static final Instant LATER = Instant.parse("2024-05-01T10:11:12.345Z");

    @TempDir
    Path tmp;

    static EntryAttributes attrs(int mode) {
        return EntryAttributes.of(mode, 0, 0, LATER);
    }

    static RegularFile file(String path, String content) {
        return new RegularFile(path, attrs(0644), Content.ofBytes(content.getBytes(StandardCharsets.UTF_8)));
    }

    BlobStore store() throws IOException {
        return BlobStore.open(tmp.resolve("store"));
    }

    @Test
    void theSameEntriesGiveTheSameBytesWhateverTheirOrderMtimeOrSource() throws Exception {
        Path source = tmp.resolve("app.txt");
        Files.writeString(source, "hello\n");
        List<LayerEntry> a = List.of(new Directory("app", attrs(0755)), file("app/app.txt", "hello\n"),
                new Symlink("app/link", attrs(0777), "app.txt"));
        List<LayerEntry> b = List.of(new Symlink("/app/link", EntryAttributes.of(0777, 0, 0, Instant.now()), "app.txt"),
                new RegularFile("./app//app.txt", EntryAttributes.of(0644, 0, 0, Instant.now()), Content.ofFile(source)),
                new Directory("app/", EntryAttributes.of(0755, 0, 0, Instant.parse("2001-01-01T00:00:00Z"))));
        BlobStore store = store();
        Layer first = new LayerWriter(store, Compression.GZIP, EPOCH).write(a).orElseThrow();
        Layer second = new LayerWriter(BlobStore.open(tmp.resolve("other")), Compression.GZIP, EPOCH).write(b).orElseThrow();
        assertEquals(first, second);
        assertEquals(Compression.GZIP.mediaType(), first.mediaType());

        byte[] blob = Files.readAllBytes(store.path(first.digest()));
        assertEquals(Digest.ofBytes(blob), first.digest());
        assertEquals(blob.length, first.size());
        byte[] tar = uncompressed(store, first);
        assertEquals(Digest.ofBytes(tar), first.diffId());
        // deterministic gzip header: magic, deflate, no flags (no name), mtime 0, OS 255
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, Arrays.copyOf(blob, 8));
        assertEquals((byte) 0xff, blob[9]);
        // no padding beyond the two end-of-archive records
        assertEquals(0, tar.length % 512);
        assertEquals(3 * 512 + 512 + 2 * 512, tar.length);

        List<Read> read = entries(tar);
        assertEquals(List.of("app/", "app/app.txt", "app/link"), read.stream().map(r -> r.entry().getName()).toList());
        for (Read r : read) {
            assertEquals(0, r.entry().getModTime().getTime());
            assertEquals("", r.entry().getUserName());
            assertEquals("", r.entry().getGroupName());
        }
        assertEquals("hello\n", new String(read.get(1).content(), StandardCharsets.UTF_8));
        assertEquals("app.txt", read.get(2).entry().getLinkName());
    }

    @Test
    void noEntriesMeansNoLayer() throws Exception {
        BlobStore store = store();
        assertEquals(Optional.empty(), new LayerWriter(store, Compression.GZIP, EPOCH).write(List.of()));
        try (Stream<Path> blobs = Files.list(store.root().resolve("blobs/sha256"))) {
            assertEquals(0, blobs.count());
        }
    }

    @Test
    void keepsModesOwnersAndClampsOnlyLaterMtimes() throws Exception {
        Instant epoch = Instant.parse("2000-01-01T00:00:00Z");
        Instant old = Instant.parse("1990-06-01T00:00:00.900Z");
        List<LayerEntry> entries = List.of(
                new RegularFile("usr/bin/su", EntryAttributes.of(04755, 0, 0, LATER), Content.ofBytes(new byte[] {1})),
                new Directory("tmp", EntryAttributes.of(01777, 0, 0, old)),
                new RegularFile("home/app/x", EntryAttributes.of(0600, 1000, 1001, LATER), Content.ofBytes(new byte[0])),
                new RegularFile("big-ids", EntryAttributes.of(0640, 4_000_000_000L, 3_000_000L, LATER), Content.ofBytes(new byte[0])),
                new LayerEntry.CharDevice("dev/null", EntryAttributes.of(0666, 0, 0, LATER), 1, 3),
                new LayerEntry.BlockDevice("dev/sda", EntryAttributes.of(0660, 0, 6, LATER), 8, 0),
                new LayerEntry.Fifo("run/pipe", EntryAttributes.of(0620, 0, 0, LATER)));
        BlobStore store = store();
        Layer layer = new LayerWriter(store, Compression.NONE, epoch).write(entries).orElseThrow();
        assertEquals(layer.digest(), layer.diffId());
        List<Read> read = entries(uncompressed(store, layer));
        assertEquals(List.of("big-ids", "dev/null", "dev/sda", "home/app/x", "run/pipe", "tmp/", "usr/bin/su"),
                read.stream().map(r -> r.entry().getName()).toList());
        var big = read.get(0).entry();
        assertEquals(4_000_000_000L, big.getLongUserId());
        assertEquals(3_000_000L, big.getLongGroupId());
        var dev = read.get(1).entry();
        assertTrue(dev.isCharacterDevice());
        assertEquals(1, dev.getDevMajor());
        assertEquals(3, dev.getDevMinor());
        assertTrue(read.get(2).entry().isBlockDevice());
        assertEquals(6, read.get(2).entry().getLongGroupId());
        assertEquals(1000, read.get(3).entry().getLongUserId());
        assertEquals(1001, read.get(3).entry().getLongGroupId());
        assertEquals(0600, read.get(3).entry().getMode());
        assertTrue(read.get(4).entry().isFIFO());
        assertEquals(01777, read.get(5).entry().getMode());
        assertEquals(old.getEpochSecond(), read.get(5).entry().getModTime().toInstant().getEpochSecond());
        assertEquals(04755, read.get(6).entry().getMode());
        assertEquals(epoch, read.get(6).entry().getModTime().toInstant());
    }

    @Test
    void longAndNonAsciiNamesAndTargetsTravelInPaxHeaders() throws Exception {
        String longDir = "very/" + "deep/".repeat(30) + "dir";
        String longFile = longDir + "/" + "f".repeat(120) + ".txt";
        String unicode = "données/été-🚀.txt";
        String longTarget = "../".repeat(10) + "x".repeat(150);
        List<LayerEntry> entries = List.of(file(longFile, "long"), file(unicode, "utf8"),
                new Symlink("short", attrs(0777), longTarget), new Hardlink("hl", attrs(0644), longFile));
        BlobStore store = store();
        Layer layer = new LayerWriter(store, Compression.ZSTD, EPOCH).write(entries).orElseThrow();
        assertEquals(Compression.ZSTD.mediaType(), layer.mediaType());
        byte[] tar = uncompressed(store, layer);
        List<Read> read = entries(tar);
        assertEquals(List.of(unicode, "hl", "short", longFile), read.stream().map(r -> r.entry().getName()).toList());
        // the hard link sorted first, so it carries the data and the file links to it
        assertTrue(read.get(1).entry().isFile());
        assertEquals("long", new String(read.get(1).content(), StandardCharsets.UTF_8));
        assertTrue(read.get(3).entry().isLink());
        assertEquals("hl", read.get(3).entry().getLinkName());
        assertEquals(longTarget, read.get(2).entry().getLinkName());

        // GNU tar agrees
        Path tarFile = tmp.resolve("layer.tar");
        Files.write(tarFile, tar);
        String listing = dev.strata.builder.testing.Command.ok("tar", "-tf", tarFile.toString());
        assertEquals(unicode + "\nhl\nshort\n" + longFile + "\n", listing);
    }

    @Test
    void whiteoutsUseTheOciNamesAndComeBeforeTheirSiblings() throws Exception {
        List<LayerEntry> entries = List.of(file("var/cache/new", "n"), new OpaqueWhiteout("var/cache"),
                new Whiteout("etc/old.conf"), file("etc/-first", "x"), new Whiteout("gone"), new Directory("var/cache", attrs(0755)));
        BlobStore store = store();
        Layer layer = new LayerWriter(store, Compression.GZIP, EPOCH).write(entries).orElseThrow();
        List<Read> read = entries(uncompressed(store, layer));
        assertEquals(List.of(".wh.gone", "etc/.wh.old.conf", "etc/-first", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/new"),
                read.stream().map(r -> r.entry().getName()).toList());
        Read whiteout = read.get(0);
        assertTrue(whiteout.entry().isFile());
        assertEquals(0, whiteout.entry().getSize());
        assertEquals(0, whiteout.entry().getModTime().getTime());
    }

    @Test
    void binaryXattrsAreWrittenAsRawPaxRecords() throws Exception {
        byte[] capability = {1, 0, 0, 2, (byte) 0xff, (byte) 0x80, 0, 0};
        EntryAttributes withCaps = attrs(0755).withXattrs(Map.of("security.capability", capability,
                "user.note", "hi".getBytes(StandardCharsets.UTF_8)));
        BlobStore store = store();
        Layer layer = new LayerWriter(store, Compression.GZIP, EPOCH)
                .write(List.of(new RegularFile("bin/ping", withCaps, Content.ofBytes(new byte[] {7})))).orElseThrow();
        byte[] tar = uncompressed(store, layer);
        byte[] record = concat("45 SCHILY.xattr.security.capability=".getBytes(StandardCharsets.US_ASCII), capability, new byte[] {'\n'});
        assertTrue(indexOf(tar, record) >= 0, "raw xattr record missing");
        assertTrue(indexOf(tar, "29 SCHILY.xattr.user.note=hi\n".getBytes(StandardCharsets.US_ASCII)) >= 0);
        List<Read> read = entries(tar);
        assertEquals(1, read.size());
        assertEquals("bin/ping", read.get(0).entry().getName());
        assertEquals("hi", read.get(0).entry().getExtraPaxHeader("SCHILY.xattr.user.note"));
    }

    @Test
    void aSourceFileThatChangesSizeFailsTheLayerAndLeavesNothing() throws Exception {
        Path source = tmp.resolve("growing.log");
        Files.writeString(source, "short");
        RegularFile entry = new RegularFile("log", attrs(0644), Content.ofFile(source));
        Files.writeString(source, "much longer now");
        BlobStore store = store();
        IOException e = assertThrows(IOException.class,
                () -> new LayerWriter(store, Compression.GZIP, EPOCH).write(List.of(entry)));
        assertEquals("log: file grew while being read (expected 5 bytes)", e.getMessage());
        try (Stream<Path> left = Stream.concat(Files.list(store.tempDir()), Files.list(store.root().resolve("blobs/sha256")))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void theDiffIdDoesNotDependOnCompressionAndLaterDuplicatesWin() throws Exception {
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(file("d/f" + i, "content " + i));
        }
        Collections.shuffle(entries, new java.util.Random(1));
        entries.add(file("d/f7", "replaced"));
        BlobStore store = store();
        Layer gzip = new LayerWriter(store, Compression.GZIP, EPOCH).write(entries).orElseThrow();
        Layer zstd = new LayerWriter(store, Compression.ZSTD, EPOCH).write(entries).orElseThrow();
        Layer none = new LayerWriter(store, Compression.NONE, EPOCH).write(entries).orElseThrow();
        assertEquals(gzip.diffId(), zstd.diffId());
        assertEquals(gzip.diffId(), none.diffId());
        assertNotEquals(gzip.digest(), zstd.digest());
        List<Read> read = entries(uncompressed(store, zstd));
        assertEquals(50, read.size());
        Read f7 = read.stream().filter(r -> r.entry().getName().equals("d/f7")).findFirst().orElseThrow();
        assertEquals("replaced", new String(f7.content(), StandardCharsets.UTF_8));
        assertFalse(read.stream().anyMatch(r -> new String(r.content(), StandardCharsets.UTF_8).equals("content 7")));
    }

    @Test
    void aLowerLevelTradesSizeForSpeedAndBadLevelsAreNamed() throws Exception {
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(file("d/f" + i, ("text that compresses well " + i + "\n").repeat(200)));
        }
        BlobStore store = store();
        Layer fast = new LayerWriter(store, Compression.GZIP, 1, EPOCH).write(entries).orElseThrow();
        Layer best = new LayerWriter(store, Compression.GZIP, 9, EPOCH).write(entries).orElseThrow();
        assertEquals(fast.diffId(), best.diffId());
        assertTrue(fast.size() > best.size(), fast.size() + " <= " + best.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerWriter(store, Compression.GZIP, 12, EPOCH));
        assertEquals("compression level 12 is out of range for gzip (1-9)", e.getMessage());
        new LayerWriter(store, Compression.NONE, 12, EPOCH);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
