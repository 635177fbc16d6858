package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line a source contributes to a COPY's cache key: a change of form would miss every stored key. */
class SourceDigestTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aFileLineIsPinned() {
        assertEquals("file 644 0:0 " + DIGEST + " \"src/a.txt\" -> \"/app/a.txt\"",
                new SourceDigest("src/a.txt", "/app/a.txt", "file", DIGEST, 0644, 0, 0, "").canonical());
    }

    @Test
    void linksOwnersAndSpecialModesAreWritten() {
        assertEquals("symlink 777 1000:50  \"l\" -> \"/l\" link \"../target dir/x\"",
                new SourceDigest("l", "/l", "symlink", "", 0777, 1000, 50, "../target dir/x").canonical());
        assertEquals("chardev 4755 0:0  \"dev/null\" -> \"/dev/null\" link \"1,3\"",
                new SourceDigest("dev/null", "/dev/null", "chardev", "", 04755, 0, 0, "1,3").canonical());
    }

    @Test
    void backslashesQuotesAndNewlinesAreEscaped() {
        assertEquals("file 600 0:0 " + DIGEST + " \"a\\\\b\\\"c\\nd\" -> \"/x\\\"y\"",
                new SourceDigest("a\\b\"c\nd", "/x\"y", "file", DIGEST, 0600, 0, 0, "").canonical());
    }
}
