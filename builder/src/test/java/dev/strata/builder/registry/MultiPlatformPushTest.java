package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.MultiPlatformBusybox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-platform build pushed to a real registry as one index; a later build FROM that index picks
 * each platform's manifest; {@code strata push} of the stored index sends it whole.
 */
class MultiPlatformPushTest {
    @TempDir
    Path tmp;

    @Test
    void theIndexIsPushedWholeAndFromPicksEachPlatform() throws IOException {
        Path layout = MultiPlatformBusybox.create(tmp.resolve("busybox"), "multi");
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            Path context = Files.createDirectories(tmp.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), "FROM base\nARG TARGETARCH\nLABEL arch=$TARGETARCH\n");
            String tag = registry.host() + "/team/multi:1";
            BuildResult pushed = Builder.create().build(BuildRequest.builder(context).root(tmp.resolve("root"))
                    .buildContext(NamedContext.parse("base=oci-layout://" + layout + ":multi"))
                    .platform("linux/amd64,linux/arm64").tag(tag).push(true).build());

            JsonNode index = new ObjectMapper().readTree(TestImages.rawManifest(tag));
            assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText(), index.toString());
            assertEquals(pushed.manifestDigest(), TestImages.digest(tag).toString());
            assertEquals(2, index.path("manifests").size());
            for (String arch : new String[] {"amd64", "arm64"}) {
                JsonNode config = new ObjectMapper().readTree(Command.ok("skopeo", "--override-arch", arch, "inspect", "--config",
                        "--tls-verify=false", "docker://" + tag));
                assertEquals(arch, config.path("architecture").asText());
                assertEquals(arch, config.path("config").path("Labels").path("arch").asText());
            }

            // FROM the pushed index, in another store: each platform gets its own manifest
            Path next = Files.createDirectories(tmp.resolve("next"));
            Files.writeString(next.resolve("Dockerfile"), "FROM " + tag + "\nLABEL second=yes\n");
            Builder.create().build(BuildRequest.builder(next).root(tmp.resolve("root2")).insecureRegistry(registry.host())
                    .platform("linux/arm64,linux/amd64").tag("second:1").build());
            JsonNode second = new ObjectMapper().readTree(Command.ok("skopeo", "inspect", "--raw", "oci:" + tmp.resolve("root2") + ":second:1"));
            assertEquals("arm64", second.path("manifests").get(0).path("platform").path("architecture").asText(), second.toString());
            assertEquals("amd64", second.path("manifests").get(1).path("platform").path("architecture").asText());
            JsonNode armConfig = new ObjectMapper().readTree(Command.ok("skopeo", "--override-arch", "arm64", "inspect", "--config",
                    "oci:" + tmp.resolve("root2") + ":second:1"));
            assertEquals("arm64", armConfig.path("config").path("Labels").path("arch").asText(), "the arm64 base was chosen");

            // strata push of the stored index
            String copy = registry.host() + "/team/copy:1";
            String digest = ImageStore.open(tmp.resolve("root2")).push("second:1", copy, Set.of(registry.host()));
            assertEquals(digest, TestImages.digest(copy).toString());
            assertEquals(2, new ObjectMapper().readTree(TestImages.rawManifest(copy)).path("manifests").size());
        }
    }
}
