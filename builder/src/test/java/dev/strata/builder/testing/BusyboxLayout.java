package dev.strata.builder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a small real base image for tests from Debian's busybox-static, with umoci: an OCI image
 * layout holding {@code /bin/busybox}, its applet symlinks, {@code /etc/passwd} (root, nobody, app
 * 1000:1000), {@code /etc/group}, {@code /tmp} (1777), {@code /root}, {@code /home/app}; config
 * {@code Env PATH=...}, {@code Cmd ["/bin/sh"]}. Never pulls from the internet.
 */
public final class BusyboxLayout {
    private BusyboxLayout() {}

    public static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            app:x:1000:1000:app:/home/app:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """;
    public static final String GROUP = """
            root:x:0:
            app:x:1000:
            staff:x:50:app
            nogroup:x:65534:
            """;

    /**
     * Creates (or adds to) the OCI layout {@code layoutDir} an image tagged {@code tag}, e.g.
     * {@code create(dir, "busybox")}, then usable as {@code oci:dir:busybox} or
     * {@code oci-layout://dir:busybox}.
     */
    public static Path create(Path layoutDir, String tag) throws IOException {
        return create(layoutDir, tag, Tools.require("busybox"), "amd64");
    }

    /**
     * As {@link #create(Path, String)}, with {@code busybox} built for {@code architecture}
     * (set in the config); a foreign one gets its applet links without being run.
     */
    public static Path create(Path layoutDir, String tag, Path busybox, String architecture) throws IOException {
        Path umoci = Tools.require("umoci");
        Path work = Files.createTempDirectory("busybox-bundle");
        try {
            if (!Files.exists(layoutDir.resolve("oci-layout"))) {
                Command.ok(umoci.toString(), "init", "--layout", layoutDir.toString());
            }
            String image = layoutDir + ":" + tag;
            Command.ok(umoci.toString(), "new", "--image", image);
            Path bundle = work.resolve("bundle");
            Command.ok(umoci.toString(), "unpack", "--image", image, bundle.toString());
            Path rootfs = bundle.resolve("rootfs");
            populate(rootfs, busybox, architecture.equals("amd64"));
            Command.ok(umoci.toString(), "repack", "--image", image, bundle.toString());
            Command.ok(umoci.toString(), "config", "--image", image,
                    "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--config.cmd", "/bin/sh",
                    "--architecture", architecture, "--os", "linux");
            Command.ok(umoci.toString(), "gc", "--layout", layoutDir.toString());
            return layoutDir;
        } finally {
            Command.run("rm", "-rf", work.toString());
        }
    }

    private static void populate(Path rootfs, Path busybox, boolean runnable) throws IOException {
        for (String dir : new String[] {"bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "home/app", "tmp", "proc", "sys", "dev", "var"}) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Command.ok("chmod", "1777", rootfs.resolve("tmp").toString());
        Command.ok("chown", "1000:1000", rootfs.resolve("home/app").toString());
        Files.copy(busybox, rootfs.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        Command.ok("chmod", "0755", rootfs.resolve("bin/busybox").toString());
        if (runnable) {
            Command.ok("chroot", rootfs.toString(), "/bin/busybox", "--install", "-s");
        } else {
            // the host's busybox (the same Debian version) names the applets: no emulation needed
            for (String applet : Command.ok(Tools.require("busybox").toString(), "--list-full").split("\n")) {
                Path link = rootfs.resolve(applet.strip());
                if (!applet.isBlank() && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of("/bin/busybox"));
                }
            }
        }
        Files.writeString(rootfs.resolve("etc/passwd"), PASSWD, StandardCharsets.UTF_8);
        Files.writeString(rootfs.resolve("etc/group"), GROUP, StandardCharsets.UTF_8);
    }
}
