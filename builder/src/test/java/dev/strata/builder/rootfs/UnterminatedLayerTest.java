package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer tars whose end is not what tar(1) writes, read as Go's archive/tar (docker, containerd,
 * umoci) reads them: a missing end-of-archive and a missing last padding are fine, a stream cut
 * inside an entry is not.
 */
class UnterminatedLayerTest {
    @TempDir
    Path temp;

    /** tar(1)'s archive of one directory and two files: d/ (512) d/a (512 + 512) d/b (512 + 512), then zeros. */
    private byte[] archive() throws IOException {
        Path src = Files.createDirectories(temp.resolve("src/d"));
        Files.writeString(src.resolve("a"), "hello\n");
        Files.writeString(src.resolve("b"), "world\n");
        Path tar = temp.resolve("full.tar");
        Command.ok("tar", "--sort=name", "--format=ustar", "-C", temp.resolve("src").toString(), "-cf", tar.toString(), "d");
        return Files.readAllBytes(tar);
    }

    private Path extract(byte[] tar, String name) throws IOException {
        Path blob = temp.resolve(name);
        Files.write(blob, tar);
        return new LayerStore(temp.resolve("store-" + name)).extract(blob, sha256(tar), n -> {});
    }

    @Test
    void acceptsALayerWithoutEndOfArchiveBlocks() throws IOException {
        byte[] cut = Arrays.copyOf(archive(), 2560);
        Path dir = extract(cut, "no-trailer.tar");
        assertEquals("world\n", Files.readString(dir.resolve("d/b")));
    }

    @Test
    void acceptsALayerWhoseLastFileIsNotPadded() throws IOException {
        byte[] cut = Arrays.copyOf(archive(), 2048 + 6);
        Path dir = extract(cut, "unpadded.tar");
        assertEquals("hello\n", Files.readString(dir.resolve("d/a")));
        assertEquals("world\n", Files.readString(dir.resolve("d/b")));
    }

    @Test
    void refusesALayerCutInsideAnEntry() throws IOException {
        byte[] full = archive();
        for (int length : new int[] {2048 + 3, 2048 + 100, 1536 + 100}) { // in data, in padding, in a header
            byte[] cut = Arrays.copyOf(full, length);
            IOException e = assertThrows(IOException.class, () -> extract(cut, "cut-" + length + ".tar"), "length " + length);
            assertTrue(e.getMessage().contains("runcated"), e.getMessage());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
