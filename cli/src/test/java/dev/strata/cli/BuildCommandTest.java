package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code strata build} end to end, checked with skopeo. */
class BuildCommandTest {
    @TempDir
    Path tmp;

    private Path context(String dockerfile) throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx.resolve("www"));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        Files.writeString(ctx.resolve("www/index.html"), "<p>hi</p>\n");
        return ctx;
    }

    private static final String HELLO = """
            FROM scratch
            WORKDIR /srv
            COPY hello.txt /hello.txt
            COPY www/ ./
            CMD ["/hello.txt"]
            """;

    @Test
    void buildsTagsAndPrintsPlainProgress() throws IOException {
        Path ctx = context(HELLO);
        Path root = tmp.resolve("store");
        CliRun run = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-t", "hello:latest", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("#1 [1/3] WORKDIR /srv"), run.err());
        assertTrue(run.err().contains("#2 [2/3] COPY hello.txt /hello.txt"), run.err());
        assertTrue(run.err().matches("(?s).*#3 DONE [0-9]+\\.[0-9]s.*"), run.err());
        JsonNode config = Skopeo.json("inspect", "--config", "oci:" + root + ":hello:latest");
        assertEquals("/srv", config.get("config").get("WorkingDir").asText());

        CliRun again = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-t", "hello:latest", ctx.toString());
        assertEquals(0, again.exitCode(), again.err());
        long cached = again.err().lines().filter(l -> l.matches("#[0-9]+ CACHED")).count();
        assertEquals(3, cached, again.err());
    }

    @Test
    void aMissSaysWhichSourceChangedAndExplainCachePrintsEveryKey() throws IOException {
        Path ctx = context(HELLO);
        Path root = tmp.resolve("store");
        assertEquals(0, CliRun.of("build", "--root", root.toString(), "--progress=plain", ctx.toString()).exitCode());
        Files.writeString(ctx.resolve("www/index.html"), "<p>changed</p>\n");

        CliRun again = CliRun.of("build", "--root", root.toString(), "--progress=plain", "--explain-cache", ctx.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("#3 cache miss: COPY source www/index.html changed"), again.err());
        assertEquals(3, again.err().lines().filter(l -> l.matches("#[1-3] cache key sha256:[0-9a-f]{64}: \\{.*\"instruction\".*")).count(),
                again.err());
    }

    @Test
    void dockerfileFromStandardInput() throws IOException {
        Path ctx = context("FROM scratch\nCMD [\"/never-used\"]\n");
        Path root = tmp.resolve("store");
        java.io.InputStream stdin = System.in;
        CliRun run;
        try {
            System.setIn(new java.io.ByteArrayInputStream("FROM scratch\nCOPY hello.txt /from-stdin.txt\n".getBytes(StandardCharsets.UTF_8)));
            run = CliRun.of("build", "--root", root.toString(), "--progress=plain", "-f", "-", "-t", "stdin:1", ctx.toString());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("COPY hello.txt /from-stdin.txt"), run.err());
        JsonNode config = Skopeo.json("inspect", "--config", "oci:" + root + ":stdin:1");
        assertTrue(config.get("config").get("Cmd") == null || config.get("config").get("Cmd").isNull(),
                "the Dockerfile in the context was not used: " + config);
    }

    private CliRun withStdin(byte[] input, String... args) {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(input));
            return CliRun.of(args);
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void contextTarOrDockerfileOnStandardInput() throws IOException {
        Path ctx = context(HELLO);
        Path root = tmp.resolve("store");
        Path tar = tmp.resolve("ctx.tar");
        ExternalTool.ok("tar", "-C", ctx.toString(), "-cf", tar.toString(), ".");
        CliRun fromTar = withStdin(Files.readAllBytes(tar), "build", "--root", root.toString(), "--progress=plain", "-t", "tar:1", "-");
        assertEquals(0, fromTar.exitCode(), fromTar.err());
        assertTrue(fromTar.err().contains("build context: fetching standard input"), fromTar.err());

        CliRun dockerfileOnly = withStdin("FROM scratch\nLABEL only=dockerfile\n".getBytes(StandardCharsets.UTF_8),
                "build", "--root", root.toString(), "--progress=plain", "-t", "df:1", "-");
        assertEquals(0, dockerfileOnly.exitCode(), dockerfileOnly.err());
        JsonNode config = Skopeo.json("inspect", "--config", "oci:" + root + ":df:1");
        assertEquals("dockerfile", config.get("config").get("Labels").get("only").asText());

        CliRun both = withStdin(new byte[0], "build", "--root", root.toString(), "-f", "-", "-");
        assertEquals(2, both.exitCode());
        assertEquals("error: cannot read both the build context and the Dockerfile from standard input", both.err().strip());
        CliRun neither = CliRun.of("build", "--root", root.toString(), tmp.resolve("missing").toString());
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().startsWith("error: build context is not a directory: "), neither.err());
    }

    @Test
    void quietIidfileAndMetadataFile() throws IOException {
        Path ctx = context(HELLO);
        Path root = tmp.resolve("store");
        Path iid = tmp.resolve("out/iid");
        Path meta = tmp.resolve("out/meta.json");
        CliRun run = CliRun.of("build", "--root", root.toString(), "-q", "--iidfile", iid.toString(),
                "--metadata-file", meta.toString(), "-t", "app:1", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        String id = Files.readString(iid);
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals(id + "\n", run.out());
        assertEquals("", run.err());
        JsonNode metadata = new ObjectMapper().readTree(Files.readString(meta));
        assertEquals(id, metadata.get("containerimage.config.digest").asText());
        assertEquals("app:1", metadata.get("image.name").asText());
        JsonNode manifest = Skopeo.json("inspect", "--raw", "oci:" + root + ":app:1");
        assertEquals(id, manifest.get("config").get("digest").asText());
    }

    @Test
    void outputsAreReadableBySkopeo() throws IOException {
        Path ctx = context(HELLO);
        Path root = tmp.resolve("store");
        Path ociTar = tmp.resolve("out/image-oci.tar");
        Path ociDir = tmp.resolve("out/layout");
        Path dockerTar = tmp.resolve("out/image-docker.tar");
        CliRun run = CliRun.of("build", "--root", root.toString(), "-t", "app:2",
                "-o", "type=oci,dest=" + ociTar, "-o", "type=oci,dest=" + ociDir + ",tar=false",
                "-o", "type=docker,dest=" + dockerTar, ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fromDocker = Skopeo.json("inspect", "--config", "docker-archive:" + dockerTar);
        assertEquals("/srv", fromDocker.get("config").get("WorkingDir").asText());
        JsonNode fromLayout = Skopeo.json("inspect", "--config", "oci:" + ociDir + ":2");
        assertEquals(fromDocker.get("rootfs"), fromLayout.get("rootfs"));
        JsonNode fromArchive = Skopeo.json("inspect", "--config", "oci-archive:" + ociTar + ":2");
        assertEquals(fromDocker.get("rootfs"), fromArchive.get("rootfs"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --compression=lzma           | unknown compression "lzma"
            -o=type=tarball,dest=x.tar   | unsupported output type "tarball"
            --build-context=nonsense     | invalid build context "nonsense"
            --progress=fancy             | fancy
            --source-date-epoch=yesterday | invalid source date epoch "yesterday"
            --no-such-flag               | Unknown option: '--no-such-flag'
            """)
    void usageErrorsExitWith2(String flag, String message) throws IOException {
        Path ctx = context(HELLO);
        CliRun run = CliRun.of("build", "--root", tmp.resolve("store").toString(), flag, ctx.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FROM scratch\\nCOPY missing.txt /x       | Dockerfile:2:
            FROM scratch\\nCOPY ../outside.txt /x    | Dockerfile:2:
            FROM scratch\\nCOPY --frm=a hello.txt /x | Dockerfile:2: COPY does not take the flag --frm
            FROM scratch AS a\\nCOPY --from=nosuch /x /x | Dockerfile:2: image "nosuch" not found
            FROM nosuchimage:1\\nCOPY hello.txt /x   | Dockerfile:1: image "nosuchimage:1" not found
            """)
    void buildErrorsExitWith1AndOneLine(String dockerfile, String message) throws IOException {
        Files.writeString(tmp.resolve("outside.txt"), "secret\n");
        Path ctx = context(dockerfile.replace("\\n", "\n"));
        // --pull=never: an unknown image fails the same way with or without a network
        CliRun run = CliRun.of("build", "--root", tmp.resolve("store").toString(), "--progress=quiet", "--pull=never", ctx.toString());
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith(message), run.err());
    }

    @Test
    void dockerfileFromOutsideTheContextAndBuildArgs() throws IOException {
        Path ctx = context("unused");
        Path df = tmp.resolve("elsewhere/Dockerfile.dev");
        Files.createDirectories(df.getParent());
        Files.writeString(df, "FROM scratch\nARG WHO\nLABEL who=$WHO\nCOPY hello.txt /\n");
        Path root = tmp.resolve("store");
        CliRun run = CliRun.of("build", "--root", root.toString(), "-f", df.toString(), "--build-arg", "WHO=me",
                "--build-arg", "UNUSED=1", "--label", "extra=yes", "--progress=plain", "-t", "args:1", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("UNUSED"), run.err());
        JsonNode labels = Skopeo.json("inspect", "--config", "oci:" + root + ":args:1").get("config").get("Labels");
        assertEquals("me", labels.get("who").asText());
        assertEquals("yes", labels.get("extra").asText());
    }

    /** Runs skopeo (skipped with a message when missing, failing in CI). */
    static final class Skopeo {
        static JsonNode json(String... args) throws IOException {
            Path skopeo = Path.of("/usr/bin/skopeo");
            if (!Files.isExecutable(skopeo)) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError("skopeo is not installed");
                }
                System.err.println("!!! SKIPPED: skopeo is not installed");
                org.junit.jupiter.api.Assumptions.abort("skopeo is not installed");
            }
            String[] argv = new String[args.length + 1];
            argv[0] = skopeo.toString();
            System.arraycopy(args, 0, argv, 1, args.length);
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (p.waitFor() != 0) {
                    throw new AssertionError("skopeo " + String.join(" ", args) + " failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return new ObjectMapper().readTree(out);
        }
    }
}
