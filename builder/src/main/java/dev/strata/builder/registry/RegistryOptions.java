package dev.strata.builder.registry;

import dev.strata.builder.net.Stall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to talk to registries.
 *
 * @param insecureRegistries {@code HOST[:PORT]} entries allowed over plain HTTP or unverified TLS
 *     ({@code --insecure-registry}); an entry without a port matches every port of that host.
 *     Loopback registries are always allowed, as Docker does.
 * @param dockerConfigDir the directory holding {@code config.json} (credentials)
 * @param listener progress of every blob transfer
 * @param retry how often and how patiently to retry transient failures
 * @param logins credentials given explicitly (e.g. from Maven's settings.xml), by registry
 *     ({@code HOST[:PORT]}, {@code docker.io}); they win over the Docker config
 * @param credentials told where each session's credentials came from
 * @param credentialsOverHttp whether credentials may go over plain HTTP to an insecure registry
 *     that is not loopback (Docker sends them; jib only when allowed)
 */
public record RegistryOptions(Set<String> insecureRegistries, Path dockerConfigDir, TransferListener listener, Retry retry,
        Map<String, Login> logins, CredentialListener credentials, boolean credentialsOverHttp) {

    /** Told which credentials a registry session uses; thread-safe implementations only. */
    @FunctionalInterface
    public interface CredentialListener {
        /** Ignores everything. */
        CredentialListener NONE = (registry, source) -> { };

        /** {@code registry} is sent credentials from {@code source} (a description, never the secret). */
        void chosen(String registry, String source);
    }

    /**
     * A user name and password for one registry, and where they came from (for the log);
     * {@link #toString()} never shows the password.
     */
    public record Login(String username, String password, String source) {
        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(source, "source");
        }

        public Login(String username, String password) {
            this(username, password, "the build request");
        }

        @Override
        public String toString() {
            return "Login[username=" + username + ", password=****]";
        }
    }

    public RegistryOptions {
        insecureRegistries = insecureRegistries.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(dockerConfigDir, "dockerConfigDir");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(retry, "retry");
        logins = Map.copyOf(logins);
        Objects.requireNonNull(credentials, "credentials");
    }

    /** Without a credential listener, sending credentials over HTTP to insecure registries as Docker does. */
    public RegistryOptions(Set<String> insecureRegistries, Path dockerConfigDir, TransferListener listener, Retry retry,
            Map<String, Login> logins) {
        this(insecureRegistries, dockerConfigDir, listener, retry, logins, CredentialListener.NONE, true);
    }

    /**
     * Retries of transient failures (connection errors, 5xx), and the patience for each attempt.
     *
     * @param attempts total attempts, at least 1
     * @param firstBackoff the wait before the second attempt; doubled for each further one
     * @param stall when a transfer counts as stalled and is given up (not retried: a registry that
     *     trickles would otherwise hold the build for every attempt)
     */
    public record Retry(int attempts, Duration firstBackoff, Stall stall) {
        public static final Retry DEFAULT = new Retry(3, Duration.ofMillis(500));

        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
            }
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(stall, "stall");
        }

        /** With the default stall timeout ({@link Stall#defaults()}). */
        public Retry(int attempts, Duration firstBackoff) {
            this(attempts, firstBackoff, Stall.defaults());
        }

        /** The same retries with another stall timeout. */
        public Retry withStall(Stall newStall) {
            return new Retry(attempts, firstBackoff, newStall);
        }
    }

    /** The Docker client's defaults, read from {@code env}: {@code $DOCKER_CONFIG} or {@code ~/.docker}. */
    public static RegistryOptions defaults(Map<String, String> env) {
        String dockerConfig = env.get("DOCKER_CONFIG");
        Path dir = dockerConfig != null && !dockerConfig.isEmpty()
                ? Path.of(dockerConfig)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        return new RegistryOptions(Set.of(), dir, TransferListener.NONE, Retry.DEFAULT, Map.of());
    }

    public RegistryOptions withInsecureRegistries(Set<String> hosts) {
        return new RegistryOptions(hosts, dockerConfigDir, listener, retry, logins, credentials, credentialsOverHttp);
    }

    public RegistryOptions withDockerConfigDir(Path dir) {
        return new RegistryOptions(insecureRegistries, dir, listener, retry, logins, credentials, credentialsOverHttp);
    }

    public RegistryOptions withListener(TransferListener newListener) {
        return new RegistryOptions(insecureRegistries, dockerConfigDir, newListener, retry, logins, credentials, credentialsOverHttp);
    }

    public RegistryOptions withRetry(Retry newRetry) {
        return new RegistryOptions(insecureRegistries, dockerConfigDir, listener, newRetry, logins, credentials, credentialsOverHttp);
    }

    /** With explicit credentials, by registry; these win over the Docker config. */
    public RegistryOptions withLogins(Map<String, Login> newLogins) {
        return new RegistryOptions(insecureRegistries, dockerConfigDir, listener, retry, newLogins, credentials, credentialsOverHttp);
    }

    /** Telling {@code newCredentials} where each session's credentials came from. */
    public RegistryOptions withCredentialListener(CredentialListener newCredentials) {
        return new RegistryOptions(insecureRegistries, dockerConfigDir, listener, retry, logins, newCredentials, credentialsOverHttp);
    }

    /** Whether credentials may go over plain HTTP to a non-loopback insecure registry. */
    public RegistryOptions withCredentialsOverHttp(boolean allowed) {
        return new RegistryOptions(insecureRegistries, dockerConfigDir, listener, retry, logins, credentials, allowed);
    }
}
