package dev.strata.builder.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds credentials for a registry the way the Docker client does, through jib's credential
 * retrievers: {@code credHelpers}, then {@code credsStore}, then {@code auths} in
 * {@code <dockerConfigDir>/config.json}, running {@code docker-credential-*} helpers as needed.
 */
final class Credentials {
    private Credentials() {}

    /** Explicit logins first (Docker Hub under any of its names), then the Docker config. */
    static Optional<Credential> lookup(String registry, RegistryOptions options) throws RegistryException {
        for (String alias : aliases(registry)) {
            RegistryOptions.Login login = options.logins().get(alias);
            if (login != null) {
                return Optional.of(Credential.from(login.username(), login.password()));
            }
        }
        return fromDockerConfig(registry, options.dockerConfigDir());
    }

    private static java.util.List<String> aliases(String registry) {
        return ImageReference.DOCKER_HUB.equals(registry)
                ? java.util.List.of(registry, "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/")
                : java.util.List.of(registry);
    }

    private static Optional<Credential> fromDockerConfig(String registry, Path dockerConfigDir) throws RegistryException {
        Path config = dockerConfigDir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        checkParses(config);
        com.google.cloud.tools.jib.api.ImageReference jibReference;
        try {
            jibReference = com.google.cloud.tools.jib.api.ImageReference.of(registry, "strata", null);
        } catch (IllegalArgumentException hostJibCannotName) {
            return Optional.empty();
        }
        // jib logs which helper or entry it used; nothing of it reaches our logs
        Consumer<LogEvent> ignore = event -> { };
        try {
            return CredentialRetrieverFactory.forImage(jibReference, ignore).dockerConfig(config).retrieve();
        } catch (CredentialRetrievalException e) {
            throw new RegistryException("reading credentials for " + registry + " from " + config + ": credential helper failed");
        }
    }

    /** jib skips a config it cannot parse without a word; a broken config deserves an error. */
    private static void checkParses(Path config) throws RegistryException {
        try {
            new ObjectMapper().readTree(config.toFile());
        } catch (JsonProcessingException e) {
            // only the position: the parser's message may quote the offending text, a secret perhaps
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new RegistryException(config + ": not valid JSON" + where);
        } catch (IOException e) {
            throw new RegistryException(config + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
