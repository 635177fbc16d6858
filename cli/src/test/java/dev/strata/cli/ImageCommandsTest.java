package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images, inspect, history, tag, rmi against a store made by real builds, checked with skopeo. */
class ImageCommandsTest {
    @TempDir
    Path tmp;

    static final String APP = """
            FROM scratch
            LABEL app=yes
            COPY hello.txt /hello.txt
            CMD ["/hello.txt"]
            """;

    /** Builds {@code dockerfile} with {@code hello.txt} = {@code content} into {@code root} as {@code tag}. */
    static void build(Path tmp, Path root, String tag, String dockerfile, String content) throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-" + tag.replace(':', '-').replace('/', '-')));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("hello.txt"), content);
        CliRun run = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-t", tag, ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    static CliRun strata(Path root, String... args) {
        String[] argv = new String[args.length + 2];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--root";
        argv[args.length + 1] = root.toString();
        return CliRun.of(argv);
    }

    /** The manifest skopeo reads for {@code oci:ROOT:NAME}. */
    static JsonNode manifest(Path root, String name) throws IOException {
        return new ObjectMapper().readTree(ExternalTool.ok("skopeo", "inspect", "--raw", "oci:" + root + ":" + name));
    }

    @Test
    void imagesListsEveryNameWithIdCreatedAndSize() throws IOException {
        Path root = tmp.resolve("store");
        build(tmp, root, "app:1.0", APP, "hello\n");
        JsonNode manifest = manifest(root, "app:1.0");
        String id = manifest.get("config").get("digest").asText();

        CliRun images = strata(root, "images");
        assertEquals(0, images.exitCode(), images.err());
        List<String> lines = images.out().lines().toList();
        assertTrue(lines.get(0).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE"), images.out());
        assertEquals(2, lines.size(), images.out());
        assertTrue(lines.get(1).matches("app +1\\.0 +" + id.substring(7, 19) + " +.* ago +[0-9.]+[kM]?B"), images.out());

        assertEquals(0, strata(root, "tag", "app:1.0", "app").exitCode());
        CliRun quiet = strata(root, "images", "-q");
        assertEquals(List.of(id.substring(7, 19)), quiet.out().lines().toList(), "one ID for two names");
        assertTrue(strata(root, "images").out().contains("app          latest"), strata(root, "images").out());
        assertEquals(manifest, manifest(root, "app:latest"), "tag names the same manifest");
    }

    @Test
    void inspectPrintsManifestAndConfigByNameOrIdPrefix() throws IOException {
        Path root = tmp.resolve("store");
        build(tmp, root, "app:1.0", APP, "hello\n");
        JsonNode manifest = manifest(root, "app:1.0");
        JsonNode config = ExternalTool.skopeo("inspect", "--config", "oci:" + root + ":app:1.0");

        CliRun byName = strata(root, "inspect", "app:1.0");
        assertEquals(0, byName.exitCode(), byName.err());
        JsonNode image = new ObjectMapper().readTree(byName.out()).get(0);
        assertEquals(manifest, image.get("Manifest"));
        assertEquals(config, image.get("Config"));
        assertEquals(manifest.get("config").get("digest").asText(), image.get("Id").asText());
        assertEquals("app:1.0", image.get("RepoTags").get(0).asText());

        String prefix = image.get("Id").asText().substring(7, 15);
        CliRun byId = strata(root, "inspect", prefix);
        assertEquals(0, byId.exitCode(), byId.err());
        assertEquals(image, new ObjectMapper().readTree(byId.out()).get(0));
        CliRun bySha = strata(root, "inspect", "sha256:" + prefix);
        assertEquals(image, new ObjectMapper().readTree(bySha.out()).get(0));

        CliRun missing = strata(root, "inspect", "nosuch");
        assertEquals(1, missing.exitCode());
        assertEquals("error: No such image: nosuch:latest\n", missing.err());
    }

    @Test
    void historyShowsOneRowPerEntryWithLayerSizes() throws IOException {
        Path root = tmp.resolve("store");
        build(tmp, root, "app:1.0", APP, "hello\n");
        long layerSize = manifest(root, "app:1.0").get("layers").get(0).get("size").asLong();
        JsonNode history = ExternalTool.skopeo("inspect", "--config", "oci:" + root + ":app:1.0").get("history");

        CliRun run = strata(root, "history", "--no-trunc", "app:1.0");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT"), run.out());
        String id = manifest(root, "app:1.0").get("config").get("digest").asText();
        assertTrue(lines.get(1).startsWith(id + " "), run.out());
        assertTrue(lines.get(2).startsWith("<missing> "), run.out());
        assertEquals(history.size() + 1, lines.size(), run.out());
        String copy = lines.stream().filter(l -> l.contains("COPY hello.txt /hello.txt")).findFirst().orElseThrow();
        // the store keeps the layer as tar, so the size is the uncompressed one, as docker history shows it
        assertTrue(copy.contains(" " + Sizes.human(layerSize) + " "), copy);
        String label = lines.stream().filter(l -> l.contains("LABEL app=yes")).findFirst().orElseThrow();
        assertTrue(label.matches(".* 0B\\b.*"), label);
        assertTrue(lines.get(1).contains("CMD"), "newest first: " + run.out());
    }

    @Test
    void rmiRemovesOneNameAndLeavesTheOthers() throws IOException {
        Path root = tmp.resolve("store");
        build(tmp, root, "app:1.0", APP, "hello\n");
        assertEquals(0, strata(root, "tag", "app:1.0", "localhost:5000/app:2").exitCode());

        CliRun rmi = strata(root, "rmi", "app:1.0");
        assertEquals(0, rmi.exitCode(), rmi.err());
        assertEquals("Untagged: app:1.0\n", rmi.out());
        assertNotEquals(0, ExternalTool.run("skopeo", "inspect", "oci:" + root + ":app:1.0").exitCode());
        manifest(root, "localhost:5000/app:2");

        CliRun again = strata(root, "rmi", "app:1.0");
        assertEquals(1, again.exitCode());
        assertEquals("error: No such image: app:1.0\n", again.err());

        String id = strata(root, "images", "-q").out().strip();
        assertEquals(0, strata(root, "tag", id, "app:3").exitCode());
        CliRun byId = strata(root, "rmi", id);
        assertEquals(1, byId.exitCode());
        assertTrue(byId.err().contains("several names (app:3, localhost:5000/app:2)"), byId.err());
        CliRun forced = strata(root, "rmi", "-f", id);
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("", strata(root, "images", "-q").out());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Path root = tmp.resolve("store");
        assertEquals(2, strata(root, "tag", "only-one").exitCode());
        assertEquals(2, strata(root, "prune", "--filter", "label=x").exitCode());
        assertEquals(2, strata(root, "prune", "--keep-storage", "lots").exitCode());
        assertEquals(2, strata(root, "save", "-o", tmp.resolve("x.tar").toString(), "--format", "zip", "app").exitCode());
        CliRun badName = strata(root, "tag", "app", "App:1");
        assertEquals(1, badName.exitCode());
        assertFalse(Files.exists(tmp.resolve("x.tar")));
        CliRun help = CliRun.of("prune", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Examples:"), help.out());
    }
}
