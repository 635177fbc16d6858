package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.context.digest.FileDigester;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

    @TempDir
    Path tmp;

    private List<SourceDigest> digests(CopyFixture fx) {
        try (CopyPlan plan = fx.plan(false, CopyOptions.none(), "/app/", ".")) {
            return plan.sourceDigests();
        }
    }

    @Test
    void digestsDependOnContentNotOnMtimeInodeOrLocation() throws IOException {
        CopyFixture a = new CopyFixture(tmp.resolve("a"));
        a.write("src/x.txt", "hello");
        a.write("src/y.txt", "world");
        Files.createSymbolicLink(a.context.resolve("src/l"), Path.of("x.txt"));
        CopyFixture b = new CopyFixture(tmp.resolve("b"));
        b.write("src/y.txt", "world");
        b.write("src/x.txt", "hello");
        Files.createSymbolicLink(b.context.resolve("src/l"), Path.of("x.txt"));
        Files.setLastModifiedTime(b.context.resolve("src/x.txt"), FileTime.fromMillis(123_000));
        List<SourceDigest> da = digests(a);
        assertEquals(da, digests(b));
        SourceDigest x = da.stream().filter(d -> d.source().equals("src/x.txt")).findFirst().orElseThrow();
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", x.digest());
        assertEquals("/app/src/x.txt", x.target());
        assertTrue(da.stream().anyMatch(d -> d.type().equals("symlink") && d.link().equals("x.txt")));
        b.write("src/x.txt", "hello!");
        assertNotEquals(da, digests(b));
    }

    @Test
    void statCacheRemembersDigestsAndNoticesChanges() throws IOException, InterruptedException {
        Path cache = tmp.resolve("cache/stat-cache");
        Path f = Files.writeString(tmp.resolve("f"), "one");
        FileDigester first = FileDigester.open(cache, 2);
        Thread.sleep(150);
        assertEquals(FileDigester.sha256("one".getBytes()), first.digest(List.of(f)).get(0));
        first.save();
        assertTrue(Files.size(cache) > 0);
        FileDigester second = FileDigester.open(cache, 2);
        assertEquals(FileDigester.sha256("one".getBytes()), second.digest(List.of(f)).get(0));
        Files.writeString(f, "two");
        assertEquals(FileDigester.sha256("two".getBytes()), second.digest(List.of(f)).get(0), "a changed stat means re-reading");
        Files.writeString(cache, "garbage");
        assertEquals(FileDigester.sha256("two".getBytes()), FileDigester.open(cache, 2).digest(List.of(f)).get(0));
    }

    @Test
    void statCacheEntryIsUsedWithoutReadingTheFile() throws IOException, InterruptedException {
        Path cache = tmp.resolve("cache/stat-cache");
        Path f = Files.writeString(tmp.resolve("f"), "abc");
        Thread.sleep(150);
        FileDigester d = FileDigester.open(cache, 2);
        String digest = d.digest(List.of(f)).get(0);
        d.save();
        // plant another digest in the cache: only an answer from the cache can return it
        String planted = FileDigester.sha256("planted".getBytes());
        byte[] bytes = Files.readAllBytes(cache);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(digest));
        Files.write(cache, text.replace(digest, planted).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(planted, FileDigester.open(cache, 2).digest(List.of(f)).get(0));
    }

    /** The plan reads the store's stat cache (on a thread of its own, while it walks): a planted digest comes back. */
    @Test
    void aCopyPlanAnswersFromTheStoresStatCache() throws IOException, InterruptedException {
        CopyFixture fx = new CopyFixture(tmp.resolve("fx"));
        fx.write("src/x.txt", "hello");
        Thread.sleep(150);
        String real = digests(fx).stream().filter(d -> d.source().equals("src/x.txt")).findFirst().orElseThrow().digest();
        Path cache = fx.store.resolve("context/stat-cache");
        String planted = FileDigester.sha256("planted".getBytes());
        String text = Files.readString(cache, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(real), "the first plan remembered the file");
        Files.writeString(cache, text.replace(real, planted), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(planted, digests(fx).stream().filter(d -> d.source().equals("src/x.txt")).findFirst().orElseThrow().digest());
    }

    @Test
    void manyFilesHashInParallelInOrder() throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(Files.writeString(tmp.resolve("f" + i), "content " + i));
        }
        List<String> got = FileDigester.uncached().digest(files);
        for (int i = 0; i < 200; i++) {
            assertEquals(FileDigester.sha256(("content " + i).getBytes()), got.get(i));
        }
    }
}
