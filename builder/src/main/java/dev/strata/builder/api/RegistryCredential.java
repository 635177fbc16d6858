package dev.strata.builder.api;

import java.util.Objects;

/**
 * Credentials for one registry given by the front end (the Maven plugin's {@code settings.xml}
 * servers); they win over the Docker config. {@link #toString()} never shows the password.
 *
 * @param registry {@code HOST[:PORT]}, or {@code docker.io} for Docker Hub
 * @param source where the front end found them, for the log ({@code settings.xml <server> "ID"});
 *     never the secret itself
 */
public record RegistryCredential(String registry, String username, String password, String source) {
    public RegistryCredential {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
    }

    /** Credentials whose source the log calls "the build request". */
    public RegistryCredential(String registry, String username, String password) {
        this(registry, username, password, "the build request");
    }

    @Override
    public String toString() {
        return "RegistryCredential[registry=" + registry + ", username=" + username + ", password=****, source=" + source + "]";
    }
}
