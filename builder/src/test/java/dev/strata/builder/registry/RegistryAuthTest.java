package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/** htpasswd basic auth on a real registry, credentials from a Docker config.json. */
class RegistryAuthTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path shared;
    static TestImages images;
    static TestRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        images = TestImages.create(shared);
        registry = TestRegistry.start(shared.resolve("registry"), TestRegistry.Setup.plain().withAuth(USER, PASSWORD));
        images.copy("busybox", registry.host() + "/private/busybox:1", "--dest-creds", USER + ":" + PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static RegistryOptions withConfig(Path dir, String configJson) throws IOException {
        Path dockerConfig = dir.resolve("docker-config");
        Files.createDirectories(dockerConfig);
        Files.writeString(dockerConfig.resolve("config.json"), configJson);
        return RegistryOptions.defaults(Map.of("DOCKER_CONFIG", dockerConfig.toString()))
                .withRetry(new RegistryOptions.Retry(3, java.time.Duration.ofMillis(20)));
    }

    private static String auths(String password) {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    @Test
    void pullsAndPushesWithCredentialsFromDockerConfig(@TempDir Path tmp) throws IOException {
        RegistryOptions options = withConfig(tmp, auths(PASSWORD));
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference source = ImageReference.parse(registry.host() + "/private/busybox:1");
        PulledImage image = new RegistryPuller(store, options).pull(source, AMD64, PullPolicy.MISSING);

        ImageReference target = ImageReference.parse(registry.host() + "/private/app:1");
        PushResult result = new RegistryPusher(store, options).push(image.image().manifestBytes(), List.of(target), ManifestFormat.OCI);
        assertEquals(2, result.mounted());
        assertArrayEquals(image.image().manifestBytes(), dev.strata.builder.testing.Command.ok("skopeo", "inspect", "--raw",
                "--tls-verify=false", "--creds", USER + ":" + PASSWORD, "docker://" + target).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongPasswordFailsClearlyWithoutShowingIt(@TempDir Path tmp) throws IOException {
        String wrong = "wrong-Pa55word";
        RegistryOptions options = withConfig(tmp, auths(wrong));
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference source = ImageReference.parse(registry.host() + "/private/busybox:1");

        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPuller(store, options).pull(source, AMD64, PullPolicy.MISSING));

        assertEquals("pulling " + source + ": authentication failed (401 Unauthorized) (check the credentials for "
                + registry.host() + " from Docker config " + options.dockerConfigDir().resolve("config.json") + " (auths))",
                e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String encoded = Base64.getEncoder().encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8));
        assertFalse(trace.toString().contains(wrong) || trace.toString().contains(encoded), trace.toString());
    }

    @Test
    void noCredentialsSaysWhereTheyWereLookedFor(@TempDir Path tmp) throws IOException {
        RegistryOptions options = withConfig(tmp, "{\"auths\":{}}");
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference source = ImageReference.parse(registry.host() + "/private/busybox:1");

        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPuller(store, options).pull(source, AMD64, PullPolicy.MISSING));
        assertEquals("pulling " + source + ": authentication failed (401 Unauthorized) (no credentials for "
                + registry.host() + " in " + options.dockerConfigDir().resolve("config.json") + ")", e.getMessage());
    }

    @Test
    void aBrokenConfigJsonIsReportedWithoutItsContent(@TempDir Path tmp) throws IOException {
        RegistryOptions options = withConfig(tmp, "{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0\"}} oops-secret");
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryException e = assertThrows(RegistryException.class, () -> new RegistryPuller(store, options)
                .pull(ImageReference.parse(registry.host() + "/private/busybox:1"), AMD64, PullPolicy.MISSING));
        assertTrue(e.getMessage().startsWith(options.dockerConfigDir().resolve("config.json") + ": not valid JSON at line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void theWarmUpBeforeAPushProbesOnceWithoutCredentialsAndChangesNothing(@TempDir Path tmp) throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        RegistryOptions options = withConfig(tmp, auths(PASSWORD)).withCredentialListener((host, source) -> told.add(host));
        int before = registry.requests().size();

        RegistryPusher.warmUp(List.of(ImageReference.parse(registry.host() + "/private/app:1"),
                ImageReference.parse(registry.host() + "/private/app:latest")), options);

        List<TestRegistry.Request> seen = List.of();
        for (int i = 0; i < 400 && seen.isEmpty(); i++) { // it runs on a thread of its own
            Thread.sleep(50);
            seen = registry.requests().subList(before, registry.requests().size());
        }
        Thread.sleep(500); // room for any request after the probe, which would fail the test
        seen = registry.requests().subList(before, registry.requests().size());
        assertEquals(List.of(new TestRegistry.Request("GET", "/v2/", 401)), seen, "one anonymous probe per registry");
        assertEquals(List.of(), told, "no credentials were looked up");
    }

    @Test
    void explicitLoginsWinOverTheDockerConfig(@TempDir Path tmp) throws IOException {
        RegistryOptions options = withConfig(tmp, auths("stale-password"))
                .withLogins(Map.of(registry.host(), new RegistryOptions.Login(USER, PASSWORD)));
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        ImageReference source = ImageReference.parse(registry.host() + "/private/busybox:1");
        PulledImage image = new RegistryPuller(store, options).pull(source, AMD64, PullPolicy.MISSING);
        assertTrue(store.has(image.image().configDigest()));
        assertFalse(new RegistryOptions.Login(USER, PASSWORD).toString().contains(PASSWORD));

        RegistryOptions wrong = options.withLogins(Map.of(registry.host(), new RegistryOptions.Login(USER, "nope-Pa55")));
        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPuller(BlobStore.open(tmp.resolve("other")), wrong).pull(source, AMD64, PullPolicy.MISSING));
        assertEquals("pulling " + source + ": authentication failed (401 Unauthorized) (check the credentials for "
                + registry.host() + " from the build request)", e.getMessage());
    }

    @Test
    void theSourceOfTheCredentialsIsToldOncePerSessionNeverTheSecret(@TempDir Path tmp) throws IOException {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        RegistryOptions options = withConfig(tmp, auths(PASSWORD))
                .withCredentialListener((host, source) -> told.add(host + " <- " + source));
        ImageReference source = ImageReference.parse(registry.host() + "/private/busybox:1");
        new RegistryPuller(BlobStore.open(tmp.resolve("store")), options).pull(source, AMD64, PullPolicy.MISSING);
        assertEquals(List.of(registry.host() + " <- Docker config " + options.dockerConfigDir().resolve("config.json") + " (auths)"),
                told);

        told.clear();
        RegistryOptions login = options.withLogins(Map.of(registry.host(),
                new RegistryOptions.Login(USER, PASSWORD, "settings.xml <server> \"" + registry.host() + "\"")));
        new RegistryPuller(BlobStore.open(tmp.resolve("store2")), login).pull(source, AMD64, PullPolicy.MISSING);
        assertEquals(List.of(registry.host() + " <- settings.xml <server> \"" + registry.host() + "\""), told);
    }

    @Test
    void credentialsAreNotSentOverPlainHttpToAHostThatIsNotLoopbackUnlessAllowedAsDockerDoes(@TempDir Path tmp) throws IOException {
        // 0.0.0.0 reaches this machine's registry, but by its text it is not loopback: as a remote host over HTTP
        String remote = registry.host().replace("127.0.0.1", "0.0.0.0");
        RegistryOptions options = withConfig(tmp, "{}")
                .withInsecureRegistries(java.util.Set.of(remote))
                .withLogins(Map.of(remote, new RegistryOptions.Login(USER, PASSWORD)))
                .withCredentialsOverHttp(false);
        ImageReference source = ImageReference.parse(remote + "/private/busybox:1");

        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryPuller(BlobStore.open(tmp.resolve("store")), options).pull(source, AMD64, PullPolicy.MISSING));
        assertTrue(e.getMessage().startsWith("pulling " + source + ": authentication required, and credentials are not sent"
                + " over plain HTTP to a registry that is not on this machine"), e.getMessage());

        PulledImage pulled = new RegistryPuller(BlobStore.open(tmp.resolve("store2")), options.withCredentialsOverHttp(true))
                .pull(source, AMD64, PullPolicy.MISSING);
        assertTrue(pulled.fetchedBlobs() > 0);

        // this machine's registry by a loopback name gets them over HTTP either way
        RegistryOptions loopback = options.withLogins(Map.of(registry.host(), new RegistryOptions.Login(USER, PASSWORD)));
        assertTrue(new RegistryPuller(BlobStore.open(tmp.resolve("store3")), loopback)
                .pull(ImageReference.parse(registry.host() + "/private/busybox:1"), AMD64, PullPolicy.MISSING).fetchedBlobs() > 0);
    }

    @Test
    void theConfigPartGivingTheCredentialsIsNamedAsJibPicksIt() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Path file = Path.of("/home/me/.docker/config.json");
        String config = """
                {"auths": {"a.example": {"auth": "eDp5"}, "https://b.example/v1/": {"auth": "eDp5"}, "c.example": {}},
                 "credHelpers": {"c.example": "pass", "d.example": "gcr"},
                 "credsStore": "desktop"}
                """;
        com.fasterxml.jackson.databind.JsonNode node = json.readTree(config);
        assertEquals("Docker config " + file + " (auths)", Credentials.source(node, "a.example", file));
        assertEquals("Docker config " + file + " (auths)", Credentials.source(node, "b.example", file));
        assertEquals("credential helper docker-credential-pass (credHelpers in " + file + ")", Credentials.source(node, "c.example", file));
        assertEquals("credential helper docker-credential-gcr (credHelpers in " + file + ")", Credentials.source(node, "d.example", file));
        assertEquals("credential helper docker-credential-desktop (credsStore in " + file + ")", Credentials.source(node, "e.example", file));
    }
}
