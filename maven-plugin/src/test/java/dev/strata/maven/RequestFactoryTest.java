package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.api.Compression;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.api.PullPolicy;
import dev.strata.builder.api.SecretSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mojo's parameters, as Maven injects them, through to the builder's request. */
class RequestFactoryTest {
    @TempDir
    Path project;

    private final BuildMojo mojo = new BuildMojo();
    private final Properties user = new Properties();

    @BeforeEach
    void defaults() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM scratch\n");
        mojo.project = new MavenProject();
        mojo.project.setFile(project.resolve("pom.xml").toFile());
        // What Maven injects from the defaultValue expressions.
        mojo.dockerfile = project.resolve("Dockerfile").toFile();
        mojo.contextDirectory = project.toFile();
    }

    private BuildRequest request() throws InvalidParameterException {
        PluginConfig config = PluginConfig.resolve(mojo, new StrataProperties(user, new Properties()));
        return RequestFactory.create(config, project).build();
    }

    @Test
    void pomParametersReachTheRequest() throws Exception {
        mojo.tags = List.of("app:1.0", "app:latest");
        mojo.buildArgs = Map.of("VERSION", "1.0");
        mojo.labels = Map.of("org.opencontainers.image.title", "app");
        mojo.target = "runtime";
        mojo.platform = "linux/arm64";
        mojo.noCache = true;
        mojo.root = new File(project.toFile(), "target/store");
        mojo.compression = "zstd";
        mojo.sourceDateEpoch = "2024-02-03T04:05:06Z";
        mojo.insecureRegistries = List.of("localhost:5000");

        BuildRequest request = request();
        assertEquals(project, request.context());
        assertEquals(DockerfileSource.file(project.resolve("Dockerfile")), request.dockerfile());
        assertEquals(List.of("app:1.0", "app:latest"), request.tags());
        assertEquals(Map.of("VERSION", "1.0"), request.buildArgs());
        assertEquals(Map.of("org.opencontainers.image.title", "app"), request.labels());
        assertEquals(Optional.of("runtime"), request.target());
        assertEquals(Optional.of("linux/arm64"), request.platform());
        assertTrue(request.noCache());
        assertEquals(project.resolve("target/store"), request.root());
        assertEquals(Compression.ZSTD, request.compression());
        assertEquals(Optional.of(Instant.parse("2024-02-03T04:05:06Z")), request.sourceDateEpoch());
        assertEquals(java.util.Set.of("localhost:5000"), request.insecureRegistries());
    }

    @Test
    void platformsBecomeTheBuildersMultiPlatformList() throws Exception {
        mojo.platforms = List.of("linux/amd64", " linux/arm64 ");
        assertEquals(Optional.of("linux/amd64,linux/arm64"), request().platform());
        user.setProperty("strata.platforms", "linux/arm64,linux/riscv64");
        assertEquals(Optional.of("linux/arm64,linux/riscv64"), request().platform());
        mojo.platform = "linux/amd64";
        InvalidParameterException both = assertThrows(InvalidParameterException.class, this::request);
        assertEquals("<platform> and <platforms> are both set: use <platforms> alone (list linux/amd64 in it)", both.getMessage());
    }

    @Test
    void relativePathsOnTheCommandLineAreResolvedAgainstTheProject() throws Exception {
        Files.createDirectories(project.resolve("docker"));
        Files.writeString(project.resolve("docker/Dockerfile.prod"), "FROM scratch\n");
        user.setProperty("strata.dockerfile", "docker/Dockerfile.prod");
        user.setProperty("strata.contextDirectory", "docker");
        user.setProperty("strata.root", "target/strata");
        user.setProperty("strata.outputs", "type=oci,dest=target/image.tar");
        user.setProperty("strata.buildContexts", "eclipse-temurin:21-jre=oci-layout://base:busybox,src=../shared");

        BuildRequest request = request();
        assertEquals(DockerfileSource.file(project.resolve("docker/Dockerfile.prod")), request.dockerfile());
        assertEquals(project.resolve("docker"), request.context());
        assertEquals(project.resolve("target/strata"), request.root());
        assertEquals(List.of(new OutputSpec(OutputSpec.Type.OCI, Optional.of(project.resolve("target/image.tar")),
                true, Optional.empty())), request.outputs());
        assertEquals(List.of(
                new NamedContext("eclipse-temurin:21-jre",
                        new NamedContext.OciLayout(project.resolve("base"), Optional.of("busybox"))),
                new NamedContext("src", new NamedContext.Directory(project.resolve("../shared")))),
                request.buildContexts());
    }

    @Test
    void withoutOutputTimestampTheBuildersReproducibleDefaultStays() throws Exception {
        assertEquals(Optional.of(Instant.EPOCH), request().sourceDateEpoch());
        user.setProperty("strata.sourceDateEpoch", "now");
        assertEquals(Optional.empty(), request().sourceDateEpoch());
    }

    @Test
    void aMissingDockerfileNamesTheParameterAndThePath() {
        mojo.dockerfile = project.resolve("src/main/docker/Dockerfile").toFile();
        InvalidParameterException e = assertThrows(InvalidParameterException.class, this::request);
        assertEquals("<dockerfile> " + project.resolve("src/main/docker/Dockerfile") + " does not exist"
                + " (set <dockerfile> in the plugin's <configuration>, or -Dstrata.dockerfile=PATH)", e.getMessage());
    }

    @Test
    void aContextThatIsNotADirectoryIsRefused() {
        mojo.contextDirectory = project.resolve("Dockerfile").toFile();
        InvalidParameterException e = assertThrows(InvalidParameterException.class, this::request);
        assertEquals("<contextDirectory> " + project.resolve("Dockerfile") + " is not a directory"
                + " (set <contextDirectory>, or -Dstrata.contextDirectory=DIR)", e.getMessage());
    }

    @Test
    void anImageOutputKeepsItsNamesAndPush() throws Exception {
        mojo.outputs = List.of("type=image,\"name=registry.example/a:1,registry.example/b:1\",push=true");
        OutputSpec image = request().outputs().get(0);
        assertEquals(List.of("registry.example/a:1", "registry.example/b:1"), image.names());
        assertTrue(image.push(), "<outputs> type=image,push=true pushes, as on the command line");
    }

    @Test
    void badSpecsNameTheirParameter() {
        mojo.outputs = List.of("type=zip,dest=x");
        assertEquals("<outputs>: unsupported output type \"zip\" (supported: local, tar, oci, docker, image, registry)",
                assertThrows(InvalidParameterException.class, this::request).getMessage());
        mojo.outputs = null;
        mojo.buildContexts = List.of("nothing");
        assertEquals("<buildContexts>: invalid build context \"nothing\": expected NAME=SOURCE",
                assertThrows(InvalidParameterException.class, this::request).getMessage());
        mojo.buildContexts = null;
        mojo.compression = "brotli";
        assertEquals("<compression>: unknown compression \"brotli\" (expected gzip or zstd)",
                assertThrows(InvalidParameterException.class, this::request).getMessage());
    }

    @Test
    void pullPolicyNetworkAndSecrets() throws Exception {
        mojo.pull = "never";
        mojo.network = "none";
        mojo.secrets = List.of("id=maven-settings,src=settings.xml", "id=token,env=CI_TOKEN");
        BuildRequest request = request();
        assertEquals(PullPolicy.NEVER, request.pullPolicy());
        assertEquals("none", request.network());
        assertEquals(List.of(new SecretSpec("maven-settings", Optional.of(project.resolve("settings.xml")), Optional.empty()),
                new SecretSpec("token", Optional.empty(), Optional.of("CI_TOKEN"))), request.secrets());
        mojo.network = "bridge";
        assertEquals("<network>: \"bridge\" is not supported (host or none)",
                assertThrows(InvalidParameterException.class, this::request).getMessage());
        mojo.network = null;
        user.setProperty("strata.pull", "sometimes");
        assertEquals("<pull>: invalid pull policy \"sometimes\" (missing, always or never)",
                assertThrows(InvalidParameterException.class, this::request).getMessage());
    }

    @Test
    void registryCachesReachTheRequest() throws Exception {
        mojo.cacheFrom = List.of("type=registry,ref=localhost:5000/app:cache");
        user.setProperty("strata.cacheTo", "type=registry,ref=localhost:5000/app:cache,mode=max");
        BuildRequest request = request();
        assertEquals(List.of(new CacheSpec("localhost:5000/app:cache")), request.cacheFrom());
        assertEquals(List.of(new CacheSpec("localhost:5000/app:cache")), request.cacheTo());
        mojo.cacheFrom = List.of("type=gha,scope=app");
        assertEquals("<cacheFrom>: unsupported cache type \"gha\" in \"type=gha,scope=app\" (supported: registry, local)",
                assertThrows(InvalidParameterException.class, this::request).getMessage());
    }
}
