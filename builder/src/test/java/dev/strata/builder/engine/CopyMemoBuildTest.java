package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached COPY whose walk saw what a previous build memoized knows its key without hashing its
 * sources or making its document (StepCache#memo): the memo must be used, and never where the
 * sources changed.
 */
class CopyMemoBuildTest {
    @TempDir
    Path tmp;

    private Path context() throws IOException, InterruptedException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n");
        TestBuild.write(ctx, "a.txt", "aaaa\n");
        TestBuild.write(ctx, "b.txt", "bbbb\n");
        settle();
        return ctx;
    }

    /** Files changed in the last 100 ms are not memoized (their stat may not show a later write yet). */
    private static void settle() throws InterruptedException {
        Thread.sleep(250);
    }

    /** The memo files of the store, by the instruction of the key they name. */
    private static Map<String, Path> memos(Path root) throws IOException {
        Map<String, Path> out = new HashMap<>();
        try (Stream<Path> files = Files.list(root.resolve("cache/last"))) {
            for (Path memo : files.filter(f -> f.toString().endsWith(".memo")).toList()) {
                String key = Files.readString(memo).split(" ")[1].substring("sha256:".length());
                JsonNode entry = new ObjectMapper().readTree(root.resolve("cache/steps").resolve(key + ".json").toFile());
                out.put(entry.get("key").get("instruction").asText(), memo);
            }
        }
        return out;
    }

    private static List<String> layers(TestBuild build, Path root) throws IOException {
        JsonNode manifest = TestBuild.manifest(root, "app:1");
        return manifest.get("layers").findValuesAsText("digest");
    }

    @Test
    void anUnchangedRebuildTakesItsKeyFromTheMemo() throws Exception {
        Path ctx = context();
        Path root = tmp.resolve("store");
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        TestBuild second = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertEquals(List.of("#1 [1/2] COPY a.txt /a.txt", "#1 CACHED", "#2 [2/2] COPY b.txt /b.txt", "#2 CACHED"), second.stepLines());
        assertEquals(first.result.manifestDigest(), second.result.manifestDigest());

        // the memo is trusted as the stat cache is: pointed at the first COPY's key, the second
        // COPY takes that step's layer (which shows it was read), until its build id is another's
        Map<String, Path> memos = memos(root);
        assertEquals(2, memos.size(), memos.toString());
        Path memoA = memos.get("COPY a.txt /a.txt");
        Path memoB = memos.get("COPY b.txt /b.txt");
        String original = Files.readString(memoB);
        String[] a = Files.readString(memoA).split(" ");
        String[] b = original.split(" ");
        String pointedAtA = String.join(" ", b[0], a[1], a[2], b[3]);
        Files.writeString(memoB, pointedAtA);
        TestBuild misled = TestBuild.run(ctx, root, b2 -> b2.tag("app:1"));
        List<String> misledLayers = layers(misled, root);
        assertEquals(misledLayers.get(0), misledLayers.get(1), "the memo was not read: " + misledLayers);

        Files.writeString(memoB, String.join(" ", b[0], a[1], a[2], "jar:1:2:3\n"));
        TestBuild otherBuild = TestBuild.run(ctx, root, b2 -> b2.tag("app:1"));
        assertEquals(first.result.manifestDigest(), otherBuild.result.manifestDigest(), "a memo of another Strata build was read");
        assertEquals(original, Files.readString(memoB), "the step memoized its key again");
    }

    @Test
    void aFileRewrittenWithItsSizeAndMtimeIsCopiedAnew() throws Exception {
        Path ctx = context();
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.tag("app:1"));
        TestBuild.run(ctx, root, b -> b.tag("app:1"));
        FileTime mtime = Files.getLastModifiedTime(ctx.resolve("a.txt"));
        Files.writeString(ctx.resolve("a.txt"), "AAAA\n");
        Files.setLastModifiedTime(ctx.resolve("a.txt"), mtime);
        settle();
        TestBuild changed = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertTrue(changed.stepLines().contains("#1 DONE") && !changed.stepLines().contains("#1 CACHED"), changed.stepLines().toString());
        Path rootfs = TestBuild.unpack(root, "app:1", tmp.resolve("bundle"));
        assertEquals("AAAA\n", Files.readString(rootfs.resolve("a.txt")));
        assertEquals("bbbb\n", Files.readString(rootfs.resolve("b.txt")));
    }

    @Test
    void aTouchedFileKeepsTheCachedStepAndItsMemoFollows() throws Exception {
        Path ctx = context();
        Path root = tmp.resolve("store");
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        Path memoA = memos(root).get("COPY a.txt /a.txt");
        String before = Files.readString(memoA);
        Files.setLastModifiedTime(ctx.resolve("a.txt"), FileTime.fromMillis(1_700_000_000_000L));
        settle();
        TestBuild touched = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertEquals(List.of("#1 [1/2] COPY a.txt /a.txt", "#1 CACHED", "#2 [2/2] COPY b.txt /b.txt", "#2 CACHED"), touched.stepLines());
        assertEquals(first.result.manifestDigest(), touched.result.manifestDigest());
        String after = Files.readString(memoA);
        assertNotEquals(before.split(" ")[0], after.split(" ")[0], "the fingerprint of the touched walk");
        assertEquals(before.split(" ")[1], after.split(" ")[1], "the same key");
    }

    @Test
    void anArgChangeIsAMissEvenWhenTheFilesAreUnchanged() throws Exception {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nARG V=1\nCOPY a.txt /a-${V}.txt\n");
        TestBuild.write(ctx, "a.txt", "aaaa\n");
        settle();
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.tag("app:1"));
        TestBuild.run(ctx, root, b -> b.tag("app:1"));
        TestBuild other = TestBuild.run(ctx, root, b -> b.tag("app:1").buildArg("V", "2"));
        assertTrue(other.stepLines().contains("#1 DONE"), other.stepLines().toString());
        assertTrue(Files.exists(TestBuild.unpack(root, "app:1", tmp.resolve("bundle")).resolve("a-2.txt")));
    }

    @Test
    void aMemoWhoseCachedStepIsGoneRebuildsTheStep() throws Exception {
        Path ctx = context();
        Path root = tmp.resolve("store");
        TestBuild first = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        String key = Files.readString(memos(root).get("COPY a.txt /a.txt")).split(" ")[1].substring("sha256:".length());
        Files.delete(root.resolve("cache/steps").resolve(key + ".json"));
        TestBuild again = TestBuild.run(ctx, root, b -> b.tag("app:1"));
        assertTrue(again.stepLines().contains("#1 DONE") && !again.stepLines().contains("#1 CACHED"), again.stepLines().toString());
        assertEquals(first.result.manifestDigest(), again.result.manifestDigest());
        assertTrue(Files.exists(root.resolve("cache/steps").resolve(key + ".json")), "the step's result is stored again");
    }

    @Test
    void everyChainOfKeysStartsWithTheRulesThatMadeItsLayers() throws Exception {
        // a store filled by a Strata whose layers came out otherwise must not answer this one
        Path ctx = context();
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.tag("app:1").explainCache(true));
        List<String> keys = build.events.stream().filter(e -> e instanceof dev.strata.builder.api.BuildEvent.LogLine l && l.step() == 1
                && l.line().startsWith("cache key ")).map(e -> ((dev.strata.builder.api.BuildEvent.LogLine) e).line()).toList();
        assertEquals(1, keys.size(), build.events.toString());
        assertTrue(keys.get(0).contains("\"parent\":\"scratch:linux/") && keys.get(0).contains(",rules=" + BuildSession.LAYER_RULES + "\""),
                keys.get(0));
    }
}
