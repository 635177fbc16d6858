package dev.strata.builder.exec;

import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** An extracted busybox-static layer directory (an overlay lower dir) for RUN tests, with BusyboxLayout's users. */
final class BusyboxRoot {
    private BusyboxRoot() {}

    static Path create(Path dir) throws IOException {
        Path busybox = Tools.require("busybox");
        for (String d : new String[] {"bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "home/app", "tmp", "proc", "sys", "dev", "var"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Command.ok("chmod", "1777", dir.resolve("tmp").toString());
        Command.ok("chown", "1000:1000", dir.resolve("home/app").toString());
        Files.copy(busybox, dir.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        Command.ok("chmod", "0755", dir.resolve("bin/busybox").toString());
        Command.ok("chroot", dir.toString(), "/bin/busybox", "--install", "-s");
        Files.writeString(dir.resolve("etc/passwd"), BusyboxLayout.PASSWD);
        Files.writeString(dir.resolve("etc/group"), BusyboxLayout.GROUP);
        return dir;
    }
}
