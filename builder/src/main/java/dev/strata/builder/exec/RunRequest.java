package dev.strata.builder.exec;

import java.util.List;
import java.util.Objects;

/**
 * What one RUN step executes. Build it with {@link #of} and the {@code with...} methods.
 *
 * @param argv the final command line (the engine has applied SHELL to the shell form)
 * @param env {@code KEY=VALUE} entries: image ENV plus build args in scope
 * @param workdir absolute WORKDIR in the container (created if missing)
 * @param user USER as written ({@code name}, {@code uid}, {@code name:group}, ...), empty for root
 * @param network the network the command sees
 * @param mounts parsed {@code --mount} values
 * @param sources where bind sources and secrets come from (the engine's)
 * @param hostname the container's host name
 * @param sandbox added hosts, limits, /dev/shm size, insecure mode
 */
public record RunRequest(List<String> argv, List<String> env, String workdir, String user, Network network,
        List<MountSpec> mounts, MountSources sources, String hostname, Sandbox sandbox) {

    public RunRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("RUN needs a command");
        }
        env = List.copyOf(env);
        Objects.requireNonNull(workdir, "workdir");
        workdir = workdir.isEmpty() ? "/" : workdir;
        if (!workdir.startsWith("/")) {
            throw new IllegalArgumentException("workdir must be absolute: " + workdir);
        }
        user = user == null ? "" : user;
        Objects.requireNonNull(network, "network");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(sandbox, "sandbox");
    }

    /** A request in the default sandbox. */
    public RunRequest(List<String> argv, List<String> env, String workdir, String user, Network network,
            List<MountSpec> mounts, MountSources sources, String hostname) {
        this(argv, env, workdir, user, network, mounts, sources, hostname, Sandbox.DEFAULT);
    }

    /** A request with host network, no mounts, and hostname {@code strata}. */
    public static RunRequest of(List<String> argv, List<String> env, String workdir, String user) {
        return new RunRequest(argv, env, workdir, user, Network.HOST, List.of(), MountSources.NONE, "strata", Sandbox.DEFAULT);
    }

    public RunRequest withNetwork(Network newNetwork) {
        return new RunRequest(argv, env, workdir, user, newNetwork, mounts, sources, hostname, sandbox);
    }

    public RunRequest withMounts(List<MountSpec> newMounts, MountSources newSources) {
        return new RunRequest(argv, env, workdir, user, network, newMounts, newSources, hostname, sandbox);
    }

    public RunRequest withHostname(String newHostname) {
        return new RunRequest(argv, env, workdir, user, network, mounts, sources, newHostname, sandbox);
    }

    public RunRequest withSandbox(Sandbox newSandbox) {
        return new RunRequest(argv, env, workdir, user, network, mounts, sources, hostname, newSandbox);
    }
}
