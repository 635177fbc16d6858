package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on the file systems a CI job gives it: a plain disk, overlayfs (a pod's root file
 * system without volumes: no whiteout device node can be made there, and no overlay upper
 * directory) and tmpfs. A first build deletes files with RUN; a second one, FROM that image in a
 * fresh store, extracts its whiteouts, deletes a file of a lower layer and replaces a directory.
 * Each result is read back with umoci; disk and tmpfs (both with an overlay upper directory) give
 * the same image digest. On overlayfs RUN falls back to copy-and-compare, whose diff may differ in
 * form (a mount point's parent directory, whiteouts instead of an opaque directory).
 */
class StoreFilesystemTest {
    static Path dir;
    static Path busybox;
    static final Map<String, Path> mounts = new HashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("runc");
        Tools.require("umoci");
        dir = Files.createTempDirectory("strata-storefs");
        busybox = BusyboxLayout.create(dir.resolve("busybox"), "1.0");
    }

    @AfterAll
    static void tearDown() {
        mounts.values().forEach(m -> Command.run("umount", "-l", m.toString()));
        if (dir != null) {
            Command.run("rm", "-rf", dir.toString());
        }
    }

    /** A directory of the given kind: "disk" (the temp dir's own file system), "overlay" or "tmpfs". */
    private static Path filesystem(String kind) throws IOException {
        Path fs = Files.createDirectories(dir.resolve(kind).resolve("fs"));
        if (kind.equals("overlay")) {
            Path parts = dir.resolve(kind);
            for (String d : List.of("lower", "upper", "work")) {
                Files.createDirectories(parts.resolve(d));
            }
            // as podman mounts a container's root: trusted xattrs, no userxattr
            Command.ok("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + parts.resolve("lower") + ",upperdir="
                    + parts.resolve("upper") + ",workdir=" + parts.resolve("work"), fs.toString());
            mounts.put(kind, fs);
        } else if (kind.equals("tmpfs")) {
            Command.ok("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", fs.toString());
            mounts.put(kind, fs);
        }
        return fs;
    }

    private record Built(String digest, Path store, TestBuild second) {}

    private static Built build(String kind) throws IOException {
        Path fs = filesystem(kind);
        Path ctx = fs.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN rm /etc/group && rm -rf /home && mkdir -p /home/fresh && echo one > /home/fresh/file && echo two > /home/fresh/kept \\
                    && mkdir -p /opt/old && touch /opt/old/a /opt/old/b
                """);
        Path first = fs.resolve("first");
        TestBuild made = TestBuild.run(ctx, first,
                b -> b.buildContext(NamedContext.parse("base=oci-layout://" + busybox + ":1.0")).tag("img:1"));
        TestBuild.write(ctx, "Dockerfile", """
                FROM first
                RUN test ! -e /etc/group && test ! -e /home/app && cat /home/fresh/file > /seen \\
                    && rm /home/fresh/file && rm -rf /opt/old && mkdir /opt/old && echo n > /opt/old/new
                """);
        Path second = fs.resolve("second");
        TestBuild build = TestBuild.run(ctx, second,
                b -> b.buildContext(NamedContext.parse("first=oci-layout://" + first + "@" + made.result.manifestDigest())).tag("img:2"));
        return new Built(build.result.manifestDigest().toString(), second, build);
    }

    @Test
    void buildsOnDiskOverlayfsAndTmpfsWithoutDeviceNodes() throws IOException {
        Map<String, String> digests = new HashMap<>();
        for (String kind : List.of("disk", "overlay", "tmpfs")) {
            Built built = build(kind);
            digests.put(kind, built.digest());
            Path rootfs = TestBuild.unpack(built.store(), "img:2", dir.resolve(kind).resolve("bundle"));
            assertEquals("one\n", Files.readString(rootfs.resolve("seen")), kind);
            assertFalse(Files.exists(rootfs.resolve("etc/group"), LinkOption.NOFOLLOW_LINKS), kind);
            assertFalse(Files.exists(rootfs.resolve("home/app"), LinkOption.NOFOLLOW_LINKS), kind);
            assertFalse(Files.exists(rootfs.resolve("home/fresh/file"), LinkOption.NOFOLLOW_LINKS), kind);
            assertEquals("two\n", Files.readString(rootfs.resolve("home/fresh/kept")), kind);
            try (Stream<Path> old = Files.list(rootfs.resolve("opt/old"))) {
                assertEquals(List.of("new"), old.map(p -> p.getFileName().toString()).toList(), kind);
            }
            String blob = TestBuild.manifest(built.store(), "img:2").get("layers").get(2).get("digest").asText().substring(7);
            String listing = Command.ok("tar", "-tf", built.store().resolve("blobs/sha256").resolve(blob).toString());
            assertTrue(listing.contains("home/fresh/.wh.file"), kind + ": " + listing);
            // the copy-and-compare fallback cannot tell a replaced directory when the file system reuses its inode
            assertTrue(listing.contains("opt/old/.wh..wh..opq")
                    || kind.equals("overlay") && listing.contains("opt/old/.wh.a") && listing.contains("opt/old/.wh.b"),
                    kind + ": " + listing);
            String extracted = TestBuild.rawConfig(built.store(), "img:2").get("rootfs").get("diff_ids").get(1).asText().substring(7);
            try (Stream<Path> all = Files.walk(built.store().resolve("layers").resolve(extracted))) {
                List<Path> devices = all.filter(p -> !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)).toList();
                assertEquals(List.of(), devices, kind + ": an extracted layer holds no device nodes");
            }
        }
        assertEquals(digests.get("disk"), digests.get("tmpfs"), digests.toString());
    }
}
