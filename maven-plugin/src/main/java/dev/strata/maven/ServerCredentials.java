package dev.strata.maven;

import dev.strata.builder.api.RegistryCredential;
import java.util.ArrayList;
import java.util.List;
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
 * They win over Docker's {@code config.json}, which the builder reads for every other registry.
 */
final class ServerCredentials {
    private final Settings settings;
    private final SettingsDecrypter decrypter;

    ServerCredentials(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    /**
     * The credentials of every {@code <server>} whose id names a registry host (it has a dot or a
     * port, or is {@code localhost}), for the builder; ids such as {@code central} name Maven
     * repositories and are left alone.
     */
    List<RegistryCredential> registryCredentials() throws InvalidParameterException {
        List<RegistryCredential> credentials = new ArrayList<>();
        if (settings == null) {
            return credentials;
        }
        for (Server server : settings.getServers()) {
            String id = server.getId();
            if (id != null && server.getUsername() != null && isRegistryHost(id)) {
                credentials.add(decrypt(server));
            }
        }
        return credentials;
    }

    private static String registryOf(String id) {
        return switch (id) {
            case "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> id;
        };
    }

    private static boolean isRegistryHost(String id) {
        return id.contains(".") || id.contains(":") || id.equals("localhost");
    }

    private RegistryCredential decrypt(Server server) throws InvalidParameterException {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new InvalidParameterException("settings.xml <server> \"" + server.getId()
                        + "\": cannot decrypt its password: " + problem.getMessage());
            }
        }
        Server decrypted = result.getServer();
        String password = decrypted.getPassword() == null ? "" : decrypted.getPassword();
        return new RegistryCredential(registryOf(decrypted.getId()), decrypted.getUsername(), password,
                "settings.xml <server> \"" + server.getId() + "\" (user " + decrypted.getUsername() + ")");
    }

}
