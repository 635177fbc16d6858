package dev.strata.builder.api;

import java.util.Objects;

/**
 * Credentials for one registry given by the front end (the Maven plugin's {@code settings.xml}
 * servers); they win over the Docker config. {@link #toString()} never shows the password.
 *
 * @param registry {@code HOST[:PORT]}, or {@code docker.io} for Docker Hub
 */
public record RegistryCredential(String registry, String username, String password) {
    public RegistryCredential {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "RegistryCredential[registry=" + registry + ", username=" + username + ", password=****]";
    }
}
