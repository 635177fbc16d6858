package dev.strata.maven;

import java.util.Objects;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry credentials from Maven's {@code settings.xml}: the {@code <server>} whose {@code <id>}
 * is the registry host ({@code registry.example.com}, or {@code localhost:5000} with its port),
 * its password decrypted the Maven way ({@code mvn --encrypt-password}, settings-security.xml).
 *
 * <p>The builder api has no way yet to take credentials from its caller: it reads Docker's
 * {@code config.json} only. Until it does, the goals use {@link #hasServer} to tell users that
 * their {@code <server>} is not used, and {@link #lookup} waits for that hook.
 */
final class ServerCredentials {
    /** A user name and a password; {@code toString} never shows the password. */
    record Credential(String username, String password) {
        Credential {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=****]";
        }
    }

    private final Settings settings;
    private final SettingsDecrypter decrypter;

    ServerCredentials(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    /**
     * The credential of {@code registryHost}, if settings.xml has a server with that id and a
     * user name. Docker Hub's names ({@code docker.io}, {@code index.docker.io},
     * {@code registry-1.docker.io}) are tried together.
     */
    Optional<Credential> lookup(String registryHost) throws InvalidParameterException {
        if (settings == null) {
            return Optional.empty();
        }
        for (String id : idsFor(registryHost)) {
            Server server = settings.getServer(id);
            if (server != null && server.getUsername() != null) {
                return Optional.of(decrypt(server));
            }
        }
        return Optional.empty();
    }

    /** Whether settings.xml has a {@code <server>} for {@code registryHost} (nothing decrypted). */
    boolean hasServer(String registryHost) {
        if (settings == null) {
            return false;
        }
        for (String id : idsFor(registryHost)) {
            if (settings.getServer(id) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The registry host of an image name, by Docker's rule: the first path component when it has
     * a dot or a port or is {@code localhost}, else Docker Hub ({@code docker.io}).
     */
    static String registryOf(String imageName) {
        int slash = imageName.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = imageName.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    private Credential decrypt(Server server) throws InvalidParameterException {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new InvalidParameterException("settings.xml <server> \"" + server.getId()
                        + "\": cannot decrypt its password: " + problem.getMessage());
            }
        }
        Server decrypted = result.getServer();
        String password = decrypted.getPassword() == null ? "" : decrypted.getPassword();
        return new Credential(decrypted.getUsername(), password);
    }

    private static String[] idsFor(String host) {
        return switch (host) {
            case "docker.io", "index.docker.io", "registry-1.docker.io" ->
                    new String[] {host, "docker.io", "index.docker.io", "registry-1.docker.io"};
            default -> new String[] {host};
        };
    }
}
