package dev.strata.builder.steps;

import dev.strata.builder.api.Entitlement;
import dev.strata.builder.api.HostEntry;
import dev.strata.builder.api.RunOptions;
import dev.strata.builder.api.Ulimit;
import dev.strata.builder.exec.Network;
import dev.strata.builder.exec.Sandbox;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox one RUN asks for: {@code RUN --network} and {@code --security} checked against the
 * build's {@code --allow} as BuildKit checks its entitlements, plus the build's {@code --add-host},
 * {@code --ulimit} and {@code --shm-size}, all of which are part of the step's cache key.
 */
final class RunSandbox {
    /**
     * Where {@code --add-host NAME:host-gateway} points: the builder's own host. RUN shares the
     * host's network (or has none), so its loopback is the host.
     */
    static final String HOST_GATEWAY_IP = "127.0.0.1";

    private RunSandbox() {}

    /**
     * {@code RUN --network=VALUE}: {@code default} is the build's {@code --network}; {@code host}
     * asked for by the Dockerfile needs {@code --allow network.host}, as in BuildKit.
     */
    static Network network(String value, StepServices services) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "default" -> services.defaultNetwork();
            case "none" -> Network.NONE;
            case "host" -> {
                require(services.runOptions(), Entitlement.NETWORK_HOST, "RUN --network=host");
                yield Network.HOST;
            }
            default -> throw new StepException("invalid network mode \"" + value + "\" for RUN --network (use default, none or host)");
        };
    }

    /** {@code RUN --security=VALUE}: whether the step runs insecure ({@code insecure} needs {@code --allow security.insecure}). */
    static boolean insecure(String value, StepServices services) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sandbox" -> false;
            case "insecure" -> {
                require(services.runOptions(), Entitlement.SECURITY_INSECURE, "RUN --security=insecure");
                yield true;
            }
            default -> throw new StepException("security \"" + value + "\" is not valid for RUN --security (use sandbox or insecure)");
        };
    }

    private static void require(RunOptions options, Entitlement entitlement, String what) {
        if (!options.allow().contains(entitlement)) {
            throw new StepException(what + ": " + entitlement.text() + " is not allowed (pass --allow " + entitlement.text()
                    + " to grant it)");
        }
    }

    /** The build's RUN options as an exec sandbox. */
    static Sandbox of(RunOptions options, boolean insecure) {
        List<String> hosts = options.addHosts().stream().map(RunSandbox::hostsLine).toList();
        List<Sandbox.Rlimit> limits = options.ulimits().stream().map(u -> new Sandbox.Rlimit(u.type(), u.soft(), u.hard())).toList();
        return new Sandbox(hosts, limits, options.shmSize(), insecure);
    }

    /** Adds what differs from the default sandbox to a RUN's cache key document (nothing when nothing differs). */
    static void key(Map<String, Object> doc, RunOptions options, Sandbox sandbox) {
        if (!sandbox.hosts().isEmpty()) {
            doc.put("extraHosts", sandbox.hosts());
        }
        if (!options.ulimits().isEmpty()) {
            doc.put("ulimits", options.ulimits().stream().map(RunSandbox::ulimitText).toList());
        }
        if (sandbox.shmSize() > 0) {
            doc.put("shmSize", sandbox.shmSize());
        }
        if (sandbox.insecure()) {
            doc.put("security", "insecure");
        }
    }

    private static String hostsLine(HostEntry entry) {
        return (entry.ip().equals(HostEntry.HOST_GATEWAY) ? HOST_GATEWAY_IP : entry.ip()) + "\t" + entry.host();
    }

    private static String ulimitText(Ulimit u) {
        return u.type() + "=" + u.soft() + ":" + u.hard();
    }
}
