package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context file's {@code user.*} xattrs end up in the image, as BuildKit copies them (buildah's
 * conformance cases xattrs-file-in-context and xattrs-file-in-other-stage).
 */
class ContextXattrsBuildTest {
    @TempDir
    Path tmp;

    private static void setXattr(Path file, String name, String value) throws IOException {
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Each entry's SCHILY.xattr.* records in the image's top layer, by entry name. */
    private static Map<String, Map<String, String>> xattrs(Path root, String image) throws IOException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (TarArchiveEntry e : TestBuild.lastLayerEntries(root, image)) {
            Map<String, String> x = new TreeMap<>();
            e.getExtraPaxHeaders().forEach((k, v) -> {
                if (k.startsWith("SCHILY.xattr.")) {
                    x.put(k.substring("SCHILY.xattr.".length()), v);
                }
            });
            out.put(e.getName(), x);
        }
        return out;
    }

    private Path context() throws IOException, InterruptedException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "plain", "no attributes");
        Path file = TestBuild.write(ctx, "xattrs-file", "test content");
        try {
            setXattr(file, "a", "test");
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "the test directory has no user xattrs: " + e);
        }
        Thread.sleep(150); // settled, so the stat cache remembers it
        return ctx;
    }

    /** Builds the Dockerfile from the context into the test's store; the top layer's xattrs, by entry. */
    private Map<String, Map<String, String>> build(Path ctx, String dockerfile, String image) throws IOException {
        TestBuild.write(ctx, "Dockerfile", dockerfile);
        TestBuild.run(ctx, tmp.resolve("store"), b -> b.tag(image));
        return xattrs(tmp.resolve("store"), image);
    }

    @Test
    void copyAndAddKeepAContextFilesUserXattrsAndAChangedValueMissesTheCache() throws Exception {
        Path ctx = context();
        String dockerfile = "FROM scratch\nCOPY . subdir1\nADD . subdir2\n";
        Map<String, Map<String, String>> top = build(ctx, dockerfile, "x:1");
        assertEquals(Map.of("user.a", "test"), top.get("subdir2/xattrs-file"), top.toString());
        assertEquals(Map.of(), top.get("subdir2/plain"), "a file without xattrs gets none");

        setXattr(ctx.resolve("xattrs-file"), "a", "changed");
        Thread.sleep(150);
        assertEquals(Map.of("user.a", "changed"), build(ctx, dockerfile, "x:1").get("subdir2/xattrs-file"),
                "the changed value is a cache miss");
    }

    @Test
    void copyFromAnotherStageKeepsThem() throws Exception {
        Map<String, Map<String, String>> top = build(context(),
                "FROM scratch AS first\nCOPY . .\nFROM scratch\nCOPY --from=first /xattrs-file /\n", "x:2");
        assertEquals(Map.of("xattrs-file", Map.of("user.a", "test")), top);
    }
}
