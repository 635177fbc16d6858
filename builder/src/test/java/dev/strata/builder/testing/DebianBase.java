package dev.strata.builder.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A real Debian base for the slow tests, made once per machine and kept between test runs:
 * {@code debootstrap --variant=minbase bookworm} (needs Debian's mirror, ~1.5 min, 127 MB) and an
 * OCI image layout of that root made with umoci (tag {@code bookworm}; {@code Env PATH},
 * {@code Cmd /bin/bash}). Kept under {@code $STRATA_TEST_CACHE}, else {@code ~/.cache/strata-test}
 * ({@code bench/debian-run.sh} reuses the root). Each is built in a
 * temporary directory and renamed into place, under a file lock, so concurrent or interrupted
 * test runs never see half of one.
 */
public final class DebianBase {
    private static final String ROOTFS = "debian-bookworm-minbase-rootfs";
    private static final String LAYOUT = "debian-bookworm-minbase-layout";

    private DebianBase() {}

    /** The directory the fixtures are kept in: the test cache the image tests' pod base uses too. */
    public static Path cacheDir() {
        String configured = System.getenv("STRATA_TEST_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("strata-test");
    }

    /** The debootstrap root (read it, never change it: tests use it as an overlay lower directory). */
    public static Path rootfs() throws IOException {
        Path cache = Files.createDirectories(cacheDir());
        Path rootfs = cache.resolve(ROOTFS);
        try (FileChannel lock = lock(cache)) {
            if (Files.isDirectory(rootfs.resolve("usr/bin"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return rootfs;
            }
            Path debootstrap = Tools.require("debootstrap");
            Path temp = Files.createTempDirectory(cache, ".rootfs-");
            try {
                Command.ok(debootstrap.toString(), "--variant=minbase", "bookworm", temp.resolve("rootfs").toString(),
                        "http://deb.debian.org/debian");
                Files.move(temp.resolve("rootfs"), rootfs, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Command.run("rm", "-rf", temp.toString());
            }
            return rootfs;
        }
    }

    /** The OCI layout holding the root as image {@code bookworm}: {@code oci-layout://DIR:bookworm}. */
    public static Path layout() throws IOException {
        Path rootfs = rootfs();
        Path cache = cacheDir();
        Path layout = cache.resolve(LAYOUT);
        try (FileChannel lock = lock(cache)) {
            if (Files.isRegularFile(layout.resolve("index.json"))) {
                return layout;
            }
            Path umoci = Tools.require("umoci");
            Path temp = Files.createTempDirectory(cache, ".layout-");
            try {
                Path dir = temp.resolve("layout");
                String image = dir + ":bookworm";
                Command.ok(umoci.toString(), "init", "--layout", dir.toString());
                Command.ok(umoci.toString(), "new", "--image", image);
                Path bundle = temp.resolve("bundle");
                Command.ok(umoci.toString(), "unpack", "--image", image, bundle.toString());
                Command.ok("rm", "-rf", bundle.resolve("rootfs").toString());
                Command.ok("cp", "-a", rootfs.toString(), bundle.resolve("rootfs").toString());
                Command.ok(umoci.toString(), "repack", "--image", image, bundle.toString());
                Command.ok(umoci.toString(), "config", "--image", image, "--architecture", "amd64", "--os", "linux",
                        "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "--config.cmd", "/bin/bash");
                Command.ok(umoci.toString(), "gc", "--layout", dir.toString());
                Files.move(dir, layout, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Command.run("rm", "-rf", temp.toString());
            }
            return layout;
        }
    }

    private static FileChannel lock(Path cache) throws IOException {
        FileChannel channel = FileChannel.open(cache.resolve("debian-bookworm-minbase.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock held = channel.lock();
        assert held.isValid();
        return channel;
    }
}
