package dev.strata.builder.context.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stat cache file: what one build saves the next one reads, and nothing else. */
class FileDigesterCacheFileTest {
    @TempDir
    Path tmp;
    Path cache;
    List<Path> files;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        cache = tmp.resolve("cache/stat-cache");
        Path dir = Files.createDirectories(tmp.resolve("ctx/dïr ü"));
        files = List.of(Files.writeString(dir.resolve("a.txt"), "a"), Files.writeString(dir.resolve("é.bin"), "é"),
                Files.writeString(tmp.resolve("ctx/plain"), "plain"));
        Thread.sleep(150); // settled: the digester remembers only files unchanged for 100 ms
        FileDigester first = FileDigester.open(cache, 2);
        first.digest(files);
        first.save();
    }

    /** A digest for each file that only the cache can give: it is planted there in place of the real one. */
    private List<String> plant() throws IOException {
        byte[] bytes = Files.readAllBytes(cache);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> planted = new java.util.ArrayList<>();
        for (Path f : files) {
            String real = FileDigester.sha256(Files.readAllBytes(f));
            String fake = FileDigester.sha256(("planted " + f).getBytes(StandardCharsets.UTF_8));
            assertTrue(text.contains(real), "the cache holds " + f);
            text = text.replace(real, fake);
            planted.add(fake);
        }
        Files.write(cache, text.getBytes(StandardCharsets.ISO_8859_1));
        return planted;
    }

    private List<String> real() throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (Path f : files) {
            out.add(FileDigester.sha256(Files.readAllBytes(f)));
        }
        return out;
    }

    @Test
    void everyEntryComesBackWithItsNonAsciiPath() throws IOException {
        List<String> planted = plant();
        assertEquals(planted, FileDigester.open(cache, 2).digest(files));
    }

    @Test
    void aFileCutAnywhereIsAnEmptyCache() throws IOException {
        plant();
        byte[] whole = Files.readAllBytes(cache);
        for (int length = 0; length < whole.length; length++) {
            Files.write(cache, Arrays.copyOf(whole, length));
            assertEquals(real(), FileDigester.open(cache, 2).digest(files), "cut at " + length + " of " + whole.length);
        }
    }

    @Test
    void anotherFormatIsAnEmptyCache() throws IOException {
        plant();
        byte[] bytes = Files.readAllBytes(cache);
        ByteBuffer.wrap(bytes).putInt(0, 1); // format 1 wrote modified UTF-8 with two-byte lengths
        Files.write(cache, bytes);
        assertEquals(real(), FileDigester.open(cache, 2).digest(files));
    }

    @Test
    void aLengthPointingPastTheEndIsAnEmptyCache() throws IOException {
        plant();
        byte[] bytes = Files.readAllBytes(cache);
        ByteBuffer.wrap(bytes).putInt(8, Integer.MAX_VALUE - 3); // the first entry's path length
        Files.write(cache, bytes);
        assertEquals(real(), FileDigester.open(cache, 2).digest(files));
        ByteBuffer.wrap(bytes).putInt(4, -1); // the entry count
        Files.write(cache, bytes);
        assertEquals(real(), FileDigester.open(cache, 2).digest(files));
    }
}
