package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer-token auth (distribution's token flow) against a real registry and a test token server. */
class RegistryBearerAuthTest {
    private static final String USER = "strata";
    private static final String PASSWORD = "token-Pa55";
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path shared;
    static TokenServer tokens;
    static TestRegistry registry;
    static TestImages images;

    @BeforeAll
    static void setUp() throws Exception {
        images = TestImages.create(shared);
        tokens = TokenServer.start(shared.resolve("tokens"), USER, PASSWORD);
        registry = TestRegistry.start(shared.resolve("registry"), TestRegistry.Setup.plain().withAuthYaml(tokens.authYaml()));
        images.copy("busybox", registry.host() + "/private/busybox:1", "--dest-creds", USER + ":" + PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static RegistryOptions withPassword(Path dir, String password) throws IOException {
        Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        return RegistryOptions.defaults(Map.of("DOCKER_CONFIG", dockerConfig.toString()))
                .withRetry(new RegistryOptions.Retry(2, java.time.Duration.ofMillis(20)));
    }

    @Test
    void pullsAndPushesWithATokenFromTheTokenServer(@TempDir Path tmp) throws IOException {
        RegistryOptions options = withPassword(tmp, PASSWORD);
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        PulledImage image = new RegistryPuller(store, options)
                .pull(ImageReference.parse(registry.host() + "/private/busybox:1"), AMD64, PullPolicy.MISSING);

        ImageReference target = ImageReference.parse(registry.host() + "/private/app:1");
        new RegistryPusher(store, options).push(image.image().manifestBytes(), List.of(target), ManifestFormat.OCI);
        assertArrayEquals(image.image().manifestBytes(), dev.strata.builder.testing.Command.ok("skopeo", "inspect", "--raw",
                "--tls-verify=false", "--creds", USER + ":" + PASSWORD, "docker://" + target).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPasswordTheTokenServerRefusesFailsWithoutShowingIt(@TempDir Path tmp) throws IOException {
        String wrong = "wrong-token-Pa55";
        RegistryOptions options = withPassword(tmp, wrong);
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryException e = assertThrows(RegistryException.class, () -> new RegistryPuller(store, options)
                .pull(ImageReference.parse(registry.host() + "/private/busybox:1"), AMD64, PullPolicy.MISSING));
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
