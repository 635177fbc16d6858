package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base images for registry tests, made once per test class: the busybox layout (tag
 * {@code busybox}, linux/amd64), an arm64 variant of it (tag {@code arm64}) and a two-platform
 * index over both (tag {@code multi}); copied into registries with skopeo.
 */
final class TestImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;

    private TestImages(Path layout) {
        this.layout = layout;
    }

    static TestImages create(Path dir) throws IOException {
        Path layout = dir.resolve("layout");
        BusyboxLayout.create(layout, "busybox");
        Command.ok("umoci", "config", "--image", layout + ":busybox", "--tag", "arm64", "--architecture", "arm64");
        TestImages images = new TestImages(layout);
        images.addIndex("multi", "busybox", "arm64");
        return images;
    }

    Path layout() {
        return layout;
    }

    /** Copies layout tag {@code tag} to {@code docker://host/repo:destTag}; {@code extra} are skopeo flags. */
    void copy(String tag, String destination, String... extra) {
        String[] argv = new String[6 + extra.length];
        argv[0] = "skopeo";
        argv[1] = "copy";
        argv[2] = "--dest-tls-verify=false";
        System.arraycopy(extra, 0, argv, 3, extra.length);
        argv[3 + extra.length] = "--quiet";
        argv[4 + extra.length] = "oci:" + layout + ":" + tag;
        argv[5 + extra.length] = "docker://" + destination;
        Command.ok(argv);
    }

    /** {@code skopeo inspect --raw}: the manifest bytes the registry serves. */
    static byte[] rawManifest(String image) {
        return Command.ok("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + image).getBytes(StandardCharsets.UTF_8);
    }

    /** The digest skopeo reports for {@code image} (of the manifest or index the tag names). */
    static Digest digest(String image) throws IOException {
        return Digest.ofBytes(rawManifest(image));
    }

    private void addIndex(String tag, String... tags) throws IOException {
        ObjectNode layoutIndex = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ArrayNode entries = JSON.createArrayNode();
        for (String t : tags) {
            for (JsonNode entry : layoutIndex.path("manifests")) {
                if (t.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                    ObjectNode copy = entry.deepCopy();
                    copy.remove("annotations");
                    ObjectNode platform = copy.putObject("platform");
                    platform.put("architecture", t.equals("arm64") ? "arm64" : "amd64");
                    platform.put("os", "linux");
                    entries.add(copy);
                }
            }
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", dev.strata.builder.oci.MediaTypes.OCI_INDEX);
        index.set("manifests", entries);
        byte[] bytes = JSON.writeValueAsBytes(index);
        Digest digest = Digest.ofBytes(bytes);
        Files.write(layout.resolve("blobs/sha256").resolve(digest.hex()), bytes);
        ObjectNode ref = ((ArrayNode) layoutIndex.withArray("manifests")).addObject();
        ref.put("mediaType", dev.strata.builder.oci.MediaTypes.OCI_INDEX);
        ref.put("digest", digest.toString());
        ref.put("size", bytes.length);
        ref.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(layoutIndex));
    }
}
