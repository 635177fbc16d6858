package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer extraction as a builder without privileges: uid 1000 with no capabilities (a pod with
 * {@code runAsUser}), and uid 1000 inside a user namespace mapping only itself as root (what
 * rootless RUN isolation gives). Owners that cannot be given are left to the builder (one
 * warning), device nodes that cannot be made are skipped (one warning), whiteouts need no mknod,
 * read-only directories are filled before they get their mode, and the view shows the layers.
 */
class UnprivilegedExtractTest {
    @TempDir
    Path tmp;
    private String classpath;
    private List<String> layers;

    @BeforeEach
    void setUp() throws IOException {
        Tools.require("setpriv");
        Assumptions.assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "needs root to drop to uid 1000");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bottom = tmp.resolve("bottom.tar.gz");
        String bottomId = new LayerTar()
                .dir("etc", 0755)
                .file("etc/gone", 0644, "here below")
                .dir("var/cache", 0755)
                .file("var/cache/old", 0644, "old")
                .file("home/app/notes", 0600, 1000, 1000, "notes of app")
                .file("etc/shadow-like", 0640, 0, 42, "secret")
                .device("dev/null", TarConstants.LF_CHR, 1, 3)
                .dir("ro", 0555)
                .file("ro/inside", 0444, "x")
                .writeGzip(bottom);
        Path top = tmp.resolve("top.tar.gz");
        String topId = new LayerTar()
                .file("etc/.wh.gone", 0644, "")
                .dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", 0644, "")
                .file("var/cache/new", 0644, "new")
                .writeGzip(top);
        layers = List.of(bottom.toString(), bottomId, top.toString(), topId);
        classpath = readableClasspath(Files.createDirectories(tmp.resolve("cp")));
        Command.ok("chmod", "-R", "a+rX", tmp.toString());
        Command.ok("chown", "1000:1000", Files.createDirectories(tmp.resolve("store")).toString());
    }

    private String runAsUid1000(List<String> wrapper) throws Exception {
        List<String> command = new ArrayList<>(List.of(Tools.require("setpriv").toString(), "--reuid=1000", "--regid=1000",
                "--clear-groups"));
        command.addAll(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                UnprivilegedExtractMain.class.getName(), tmp.resolve("store").toString()));
        command.addAll(layers);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void assertSeesTheLayers(String out) {
        assertTrue(out.contains("app: notes of app"), out);
        assertTrue(out.contains("gone: false"), out);
        assertTrue(out.contains("cache: new\n"), out);
        assertTrue(out.contains("ro mode: 555"), out);
        assertTrue(out.contains("keeps owners: false"), out);
        assertTrue(out.contains("warning: layer files are owned by the builder's own user"), out);
        assertTrue(out.contains("warning: 1 device node(s) of a base layer not created (mknod is not permitted here), e.g. /dev/null"), out);
    }

    @Test
    void extractsAsUid1000WithoutCapabilities() throws Exception {
        String out = runAsUid1000(List.of());
        assertSeesTheLayers(out);
        assertTrue(out.contains("overlay: false"), out);
    }

    @Test
    void extractsInsideAUserNamespaceAndMountsTheViewThere() throws Exception {
        Path unshare = Tools.require("unshare");
        Command probe = Command.run(Tools.require("setpriv").toString(), "--reuid=1000", "--regid=1000", "--clear-groups",
                unshare.toString(), "--user", "--map-root-user", "--mount", "true");
        Assumptions.assumeTrue(probe.exitCode() == 0, "user namespaces are not allowed here: " + probe.output());
        String out = runAsUid1000(List.of(unshare.toString(), "--user", "--map-root-user", "--mount"));
        assertSeesTheLayers(out);
        assertTrue(out.contains("overlay: true"), "overlayfs with userxattr works in a user namespace:\n" + out);
    }

    /** The test class path copied where uid 1000 can read it (Maven's repository is root's own). */
    private static String readableClasspath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve(i++ + (Files.isDirectory(from) ? "" : ".jar"));
            Command.ok("cp", "-r", from.toString(), to.toString());
            entries.add(to.toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
