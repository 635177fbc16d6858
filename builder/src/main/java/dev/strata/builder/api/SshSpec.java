package dev.strata.builder.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code --ssh ID[=SOCKET|KEY[,KEY...]]}: what {@code RUN --mount=type=ssh,id=ID} reaches, an
 * agent socket or private key files (loaded into an agent of the build's own for each step). Neither
 * the paths nor any key reach a layer, a cache key or a log.
 *
 * @param paths one agent socket, or key files
 */
public record SshSpec(String id, List<Path> paths) {
    public SshSpec {
        Objects.requireNonNull(id, "id");
        paths = List.copyOf(paths);
        if (id.isEmpty() || paths.isEmpty()) {
            throw new IllegalArgumentException("an ssh forward needs an id and a socket or key files");
        }
    }

    /**
     * Parses {@code default}, {@code ID}, {@code ID=SOCKET} or {@code ID=KEY[,KEY]}; without paths the
     * agent of {@code SSH_AUTH_SOCK} in {@code env} is forwarded, as buildx does.
     */
    public static SshSpec parse(String value, Map<String, String> env) {
        int eq = value.indexOf('=');
        String id = eq < 0 ? value : value.substring(0, eq);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("invalid --ssh \"" + value + "\": expected default, ID, ID=SOCKET or ID=KEY[,KEY]");
        }
        List<Path> paths = new ArrayList<>();
        if (eq >= 0) {
            for (String p : value.substring(eq + 1).split(",")) {
                if (!p.isEmpty()) {
                    paths.add(Path.of(p));
                }
            }
        }
        if (paths.isEmpty()) {
            String sock = env.get("SSH_AUTH_SOCK");
            if (sock == null || sock.isEmpty()) {
                throw new IllegalArgumentException("invalid empty ssh agent socket for --ssh " + id
                        + ": make sure SSH_AUTH_SOCK is set, or give ID=SOCKET or ID=KEYFILE");
            }
            paths.add(Path.of(sock));
        }
        return new SshSpec(id, paths);
    }
}
