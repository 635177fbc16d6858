package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.RemoteSource;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build contexts that are not a directory, from real servers on loopback: a {@code git daemon},
 * git's dumb HTTP protocol and tarballs from the JDK's HTTP server, standard input. The built
 * images are unpacked with umoci and their files read.
 */
class RemoteContextBuildTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static Process daemon;
    private static int gitPort;
    private static HttpServer http;
    private static final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private static String v1Commit;

    @BeforeAll
    static void servers() throws Exception {
        Tools.require("git");
        Path src = shared.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        git(src, "init", "-q", "-b", "main");
        Files.writeString(src.resolve("Dockerfile"), "FROM scratch\nCOPY sub/hello.txt /root.txt\n");
        Files.writeString(src.resolve("sub/Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
        Files.writeString(src.resolve("sub/hello.txt"), "one\n");
        Files.createSymbolicLink(src.resolve("escape"), Path.of("/etc"));
        git(src, "add", "-A");
        git(src, "commit", "-q", "-m", "one");
        git(src, "tag", "v1");
        v1Commit = git(src, "rev-parse", "HEAD").strip();
        Files.writeString(src.resolve("sub/hello.txt"), "two\n");
        git(src, "commit", "-q", "-am", "two");
        Path repos = Files.createDirectories(shared.resolve("repos"));
        git(repos, "clone", "-q", "--bare", src.toString(), "repo.git");
        git(repos.resolve("repo.git"), "update-server-info");

        gitPort = freePort();
        daemon = new ProcessBuilder("git", "daemon", "--export-all", "--base-path=" + repos, "--listen=127.0.0.1",
                "--port=" + gitPort, "--reuseaddr", repos.toString())
                .redirectErrorStream(true).redirectOutput(shared.resolve("daemon.log").toFile()).start();
        waitForPort(gitPort);

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = served.get(path);
            if (body == null && path.startsWith("/git/")) {
                Path file = repos.resolve(path.substring("/git/".length())).normalize();
                if (file.startsWith(repos) && Files.isRegularFile(file)) {
                    body = Files.readAllBytes(file);
                }
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        http.start();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    private static String git(Path dir, String... args) {
        String[] argv = Stream.concat(Stream.of("git", "-C", dir.toString(), "-c", "user.email=t@example.com", "-c", "user.name=t"),
                Stream.of(args)).toArray(String[]::new);
        return Command.ok(argv);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new AssertionError("git daemon did not start on port " + port);
    }

    private static String httpUrl(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private Path rootfs(Path store, String tag) {
        return TestBuild.unpack(store, tag, tmp.resolve("bundle-" + tag.replace(':', '-')));
    }

    private TestBuild build(RemoteSource source, java.util.function.Consumer<dev.strata.builder.api.BuildRequest.Builder> more) {
        Path store = tmp.resolve("store");
        return TestBuild.run(tmp, store, b -> {
            b.remoteContext(source).tag("img:1");
            more.accept(b);
        });
    }

    private String file(String path) throws IOException {
        return Files.readString(rootfs(tmp.resolve("store"), "img:1").resolve(path));
    }

    @Test
    void gitDaemonTagAndSubdirectory() throws IOException {
        TestBuild t = build(new RemoteSource.Git("git://127.0.0.1:" + gitPort + "/repo.git#v1:sub"), b -> { });
        assertEquals("one\n", file("hello.txt"));
        assertTrue(t.events.stream().anyMatch(e -> e.toString().contains("fetching git git://127.0.0.1")), t.events.toString());
        try (Stream<Path> left = Files.list(tmp.resolve("store/tmp/leases"))) {
            assertEquals(0, left.count(), "the checkout is removed after the build");
        }
    }

    @Test
    void gitDefaultBranchWithDockerfileInsideTheRepository() throws IOException {
        build(new RemoteSource.Git("git://127.0.0.1:" + gitPort + "/repo.git"),
                b -> b.dockerfile(DockerfileSource.file(Path.of("Dockerfile"))));
        assertEquals("two\n", file("root.txt"));
    }

    @Test
    void gitFullCommitId() throws IOException {
        build(new RemoteSource.Git("git://127.0.0.1:" + gitPort + "/repo.git#" + v1Commit + ":sub"), b -> { });
        assertEquals("one\n", file("hello.txt"));
    }

    @Test
    void gitOverDumbHttp() throws IOException {
        build(new RemoteSource.Git(httpUrl("/git/repo.git") + "#main:sub"), b -> { });
        assertEquals("two\n", file("hello.txt"));
    }

    @Test
    void gitErrorsNameTheRepositoryAndRef() {
        String url = "git://127.0.0.1:" + gitPort + "/repo.git";
        String noRef = assertThrows(BuildException.class, () -> build(new RemoteSource.Git(url + "#nosuchbranch"), b -> { })).getMessage();
        assertTrue(noRef.startsWith("git repository " + url + ": git fetch failed: "), noRef);
        assertTrue(noRef.contains("nosuchbranch"), noRef);
        String noDir = assertThrows(BuildException.class, () -> build(new RemoteSource.Git(url + "#main:nodir"), b -> { })).getMessage();
        assertEquals("git repository " + url + ": no directory \"nodir\" at main", noDir);
        String escape = assertThrows(BuildException.class, () -> build(new RemoteSource.Git(url + "#main:escape"), b -> { })).getMessage();
        assertEquals("git repository " + url + ": directory \"escape\" leaves the repository (a symbolic link)", escape);
    }

    @Test
    void gitSubmoduleWithExtTransportRunsNothing() throws IOException {
        Path canary = tmp.resolve("pwned");
        Path src = Files.createDirectories(tmp.resolve("evil"));
        git(src, "init", "-q", "-b", "main");
        Files.writeString(src.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(src.resolve(".gitmodules"), "[submodule \"x\"]\n\tpath = x\n\turl = ext::sh -c touch% " + canary + "\n");
        git(src, "add", "-A");
        // a gitlink entry for x, so that submodule update tries to fetch it
        git(src, "update-index", "--add", "--cacheinfo", "160000," + v1Commit + ",x");
        git(src, "commit", "-q", "-m", "evil");
        Path repos = shared.resolve("repos");
        git(repos, "clone", "-q", "--bare", src.toString(), "evil-" + tmp.getFileName() + ".git");
        String url = "git://127.0.0.1:" + gitPort + "/evil-" + tmp.getFileName() + ".git";
        String message = assertThrows(BuildException.class, () -> build(new RemoteSource.Git(url), b -> { })).getMessage();
        assertTrue(message.contains("git submodule failed"), message);
        assertFalse(Files.exists(canary), "the ext:: transport ran a command");
    }

    private static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(data.length);
                e.setMode(0100644);
                out.putArchiveEntry(e);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void tarballUrlIsTheContext() throws IOException {
        served.put("/ctx.tgz", tarGz(new java.util.TreeMap<>(Map.of(
                "Dockerfile", "FROM scratch\nCOPY a.txt /a.txt\n", "a.txt", "from the tarball\n"))));
        build(new RemoteSource.Url(httpUrl("/ctx.tgz")), b -> { });
        assertEquals("from the tarball\n", file("a.txt"));
    }

    @Test
    void plainTextUrlIsTheDockerfile() throws IOException {
        served.put("/Dockerfile", "FROM scratch\nLABEL from=url\n".getBytes(StandardCharsets.UTF_8));
        build(new RemoteSource.Url(httpUrl("/Dockerfile")), b -> { });
        assertEquals("url", TestBuild.config(tmp.resolve("store"), "img:1").get("config").get("Labels").get("from").asText());
    }

    @Test
    void stdinTarAndStdinDockerfile() throws IOException {
        byte[] tar = tarGz(new java.util.TreeMap<>(Map.of("Dockerfile", "FROM scratch\nCOPY b.txt /\n", "b.txt", "stdin\n")));
        build(new RemoteSource.Stdin(new ByteArrayInputStream(tar)), b -> { });
        assertEquals("stdin\n", file("b.txt"));

        byte[] dockerfile = "FROM scratch\nLABEL from=stdin\n".getBytes(StandardCharsets.UTF_8);
        TestBuild.run(tmp, tmp.resolve("store"), b -> b.remoteContext(new RemoteSource.Stdin(new ByteArrayInputStream(dockerfile))).tag("img:2"));
        assertEquals("stdin", TestBuild.config(tmp.resolve("store"), "img:2").get("config").get("Labels").get("from").asText());
        // a Dockerfile alone has no files: COPY finds nothing
        byte[] copying = "FROM scratch\nCOPY x /\n".getBytes(StandardCharsets.UTF_8);
        String message = assertThrows(BuildException.class, () -> TestBuild.run(tmp, tmp.resolve("store"),
                b -> b.remoteContext(new RemoteSource.Stdin(new ByteArrayInputStream(copying))))).getMessage();
        assertTrue(message.contains("x"), message);
    }

    @Test
    void namedContextsFromGitHttpAndARegistryName() throws IOException {
        served.put("/files/data.bin", "downloaded\n".getBytes(StandardCharsets.UTF_8));
        Path store = tmp.resolve("store");
        Path baseCtx = Files.createDirectories(tmp.resolve("base"));
        TestBuild.write(baseCtx, "Dockerfile", "FROM scratch\nCOPY base.txt /base.txt\n");
        TestBuild.write(baseCtx, "base.txt", "base\n");
        // a digest reference whose blobs are in the store is used without asking the registry
        String digest = TestBuild.run(baseCtx, store, b -> b.tag("base:1")).result.manifestDigest();

        Path ctx = Files.createDirectories(tmp.resolve("main"));
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                COPY --from=repo hello.txt /from-git.txt
                COPY --from=web data.bin /from-http.bin
                """);
        TestBuild.run(ctx, store, b -> b.tag("img:1")
                .buildContext(NamedContext.parse("repo=git://127.0.0.1:" + gitPort + "/repo.git#v1:sub"))
                .buildContext(NamedContext.parse("web=" + httpUrl("/files/data.bin")))
                .buildContext(NamedContext.parse("base=docker-image://127.0.0.1:1/team/base@" + digest)));
        Path rootfs = rootfs(store, "img:1");
        assertEquals("base\n", Files.readString(rootfs.resolve("base.txt")));
        assertEquals("one\n", Files.readString(rootfs.resolve("from-git.txt")));
        assertEquals("downloaded\n", Files.readString(rootfs.resolve("from-http.bin")));
    }
}
