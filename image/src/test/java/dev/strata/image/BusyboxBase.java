package dev.strata.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A busybox-static base image as an OCI layout tagged {@code busybox} (no registry): {@code /bin/busybox}
 * with its applet links, root and nobody in /etc/passwd, /tmp 1777. The build Dockerfiles use it
 * as the named context {@code base}.
 */
final class BusyboxBase {
    private BusyboxBase() {}

    static Path create(Path dir) throws IOException {
        Path busybox = Sh.require("busybox");
        String image = dir.resolve("layout") + ":busybox";
        Sh.ok("umoci", "init", "--layout", dir.resolve("layout").toString());
        Sh.ok("umoci", "new", "--image", image);
        Path bundle = dir.resolve("bundle");
        Sh.ok("umoci", "unpack", "--image", image, bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        for (String sub : new String[] {"bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "home", "tmp"}) {
            Files.createDirectories(rootfs.resolve(sub));
        }
        Sh.ok("chmod", "1777", rootfs.resolve("tmp").toString());
        Sh.ok("cp", busybox.toString(), rootfs.resolve("bin/busybox").toString());
        Sh.ok("chroot", rootfs.toString(), "/bin/busybox", "--install", "-s");
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """, StandardCharsets.UTF_8);
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n", StandardCharsets.UTF_8);
        Sh.ok("umoci", "repack", "--image", image, bundle.toString());
        Sh.ok("umoci", "config", "--image", image, "--config.env", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "--config.cmd", "/bin/sh", "--architecture", "amd64", "--os", "linux");
        Sh.ok("umoci", "gc", "--layout", dir.resolve("layout").toString());
        Sh.ok("rm", "-rf", bundle.toString());
        return dir.resolve("layout");
    }
}
