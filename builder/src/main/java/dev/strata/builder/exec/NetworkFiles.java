package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code /etc/resolv.conf} (the host's) and {@code /etc/hosts} (generated, as BuildKit does) for a
 * RUN: private copies bind-mounted over the root, so the command may change them but the layer
 * never sees them. {@code --add-host} lines follow the defaults, as BuildKit writes them.
 */
final class NetworkFiles {
    private NetworkFiles() {}

    static List<BundleMount> write(Path runDir, String hostname, List<String> extraHosts) throws IOException {
        Path resolv = runDir.resolve("resolv.conf");
        Path hostResolv = Path.of("/etc/resolv.conf");
        Files.write(resolv, Files.isReadable(hostResolv) ? Files.readAllBytes(hostResolv) : new byte[0]);
        Path hosts = runDir.resolve("hosts");
        StringBuilder text = new StringBuilder("127.0.0.1\tlocalhost " + hostname + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        extraHosts.forEach(line -> text.append(line).append('\n'));
        Files.writeString(hosts, text, StandardCharsets.UTF_8);
        for (Path file : List.of(resolv, hosts)) {
            Files.setAttribute(file, "unix:mode", 0644);
        }
        return List.of(new BundleMount("/etc/resolv.conf", "bind", resolv.toString(), List.of("rbind", "rw", "nosuid", "nodev")),
                new BundleMount("/etc/hosts", "bind", hosts.toString(), List.of("rbind", "rw", "nosuid", "nodev")));
    }
}
