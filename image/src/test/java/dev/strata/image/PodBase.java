package dev.strata.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The offline base of the Strata image in tests: a Debian bookworm minbase made with debootstrap,
 * holding the packages the Containerfile's {@code runtime} stage installs, as an OCI layout tagged
 * {@value #TAG}. Made once (a few minutes: debootstrap plus apt) and cached between test runs in
 * {@code $STRATA_TEST_CACHE} (default {@code ~/.cache/strata-test}) under a name that carries the
 * fixture version: change {@link #KEY} when the package list changes.
 */
final class PodBase {
    private PodBase() {}

    static final String TAG = "podbase";
    static final String KEY = "podbase-bookworm-v2";
    /** The Containerfile's runtime stage installs the same packages. */
    static final List<String> PACKAGES = List.of("openjdk-17-jre-headless", "runc", "uidmap", "mount", "libcap2-bin", "ca-certificates");

    static Path cacheDir() {
        String configured = System.getenv("STRATA_TEST_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("strata-test");
    }

    /** The cached layout, made first when missing; usable as {@code oci-layout://DIR:podbase}. */
    static Path layout() throws IOException {
        Path cache = cacheDir();
        Files.createDirectories(cache);
        Path layout = cache.resolve(KEY);
        try (FileChannel lockFile = FileChannel.open(cache.resolve(KEY + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.exists(layout.resolve("index.json"))) {
                return layout;
            }
            Sh.require("debootstrap");
            Sh.require("umoci");
            Path work = Files.createTempDirectory(cache, ".make-" + KEY + "-");
            try {
                long start = System.nanoTime();
                Path temp = work.resolve("layout");
                String image = temp + ":" + TAG;
                Sh.ok("umoci", "init", "--layout", temp.toString());
                Sh.ok("umoci", "new", "--image", image);
                Path bundle = work.resolve("bundle");
                Sh.ok("umoci", "unpack", "--image", image, bundle.toString());
                Sh.ok(Duration.ofMinutes(20), List.of("debootstrap", "--variant=minbase",
                        "--include=" + String.join(",", PACKAGES), "bookworm", bundle.resolve("rootfs").toString()));
                Sh.ok("rm", "-rf", bundle.resolve("rootfs/var/cache/apt/archives").toString(),
                        bundle.resolve("rootfs/var/lib/apt/lists").toString());
                Sh.ok(Duration.ofMinutes(10), List.of("umoci", "repack", "--image", image, bundle.toString()));
                Sh.ok("umoci", "config", "--image", image,
                        "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "--architecture", "amd64", "--os", "linux");
                Sh.ok("umoci", "gc", "--layout", temp.toString());
                Files.move(temp, layout, StandardCopyOption.ATOMIC_MOVE);
                System.err.printf("pod base %s made in %d s (cached from now on)%n", layout, (System.nanoTime() - start) / 1_000_000_000L);
                try (var older = Files.newDirectoryStream(cache, "podbase-*-v*")) {
                    for (Path stale : older) {
                        if (!stale.equals(layout) && Files.isDirectory(stale)) {
                            Sh.run("rm", "-rf", stale.toString());
                        }
                    }
                }
                return layout;
            } finally {
                Sh.run("rm", "-rf", work.toString());
            }
        }
    }
}
