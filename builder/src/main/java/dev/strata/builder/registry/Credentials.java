package dev.strata.builder.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds credentials for a registry the way the Docker client does, through jib's credential
 * retrievers: {@code auths}, then {@code credHelpers}, then {@code credsStore} in
 * {@code <dockerConfigDir>/config.json}, running {@code docker-credential-*} helpers as needed.
 */
final class Credentials {
    private Credentials() {}

    /** Credentials and where they came from, for the log (never the secret). */
    record Found(Credential credential, String source) {}

    /** Explicit logins first (Docker Hub under any of its names), then the Docker config. */
    static Optional<Found> lookup(String registry, RegistryOptions options) throws RegistryException {
        for (String alias : aliases(registry)) {
            RegistryOptions.Login login = options.logins().get(alias);
            if (login != null) {
                return Optional.of(new Found(Credential.from(login.username(), login.password()), login.source()));
            }
        }
        return fromDockerConfig(registry, options.dockerConfigDir());
    }

    private static List<String> aliases(String registry) {
        return ImageReference.DOCKER_HUB.equals(registry)
                ? List.of(registry, "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/")
                : List.of(registry);
    }

    private static Optional<Found> fromDockerConfig(String registry, Path dockerConfigDir) throws RegistryException {
        Path config = dockerConfigDir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        JsonNode json = parse(config);
        com.google.cloud.tools.jib.api.ImageReference jibReference;
        try {
            jibReference = com.google.cloud.tools.jib.api.ImageReference.of(registry, "strata", null);
        } catch (IllegalArgumentException hostJibCannotName) {
            return Optional.empty();
        }
        // jib logs which helper or entry it used without naming the helper; source() names it
        Consumer<LogEvent> ignore = event -> { };
        try {
            return CredentialRetrieverFactory.forImage(jibReference, ignore).dockerConfig(config).retrieve()
                    .map(credential -> new Found(credential, source(json, registry, config)));
        } catch (CredentialRetrievalException e) {
            throw new RegistryException("reading credentials for " + registry + " from " + config + ": credential helper failed");
        }
    }

    /**
     * Which part of the config gave {@code registry}'s credentials, in jib's order: an
     * {@code auths} entry with an {@code auth}, else the {@code credHelpers} entry, else
     * {@code credsStore}; each entry matched as the registry, {@code https://} + it, or either + a path.
     */
    static String source(JsonNode config, String registry, Path file) {
        List<String> names = ImageReference.DOCKER_HUB.equals(registry)
                ? List.of("registry.hub.docker.com", "index.docker.io", "registry-1.docker.io", "docker.io")
                : List.of(registry);
        for (String name : names) {
            Optional<String> auth = entry(config.path("auths"), name).filter(a -> a.isObject() && a.path("auth").isTextual())
                    .map(a -> "auths");
            if (auth.isPresent()) {
                return "Docker config " + file + " (auths)";
            }
            Optional<JsonNode> helper = entry(config.path("credHelpers"), name).filter(JsonNode::isTextual);
            if (helper.isPresent()) {
                return "credential helper docker-credential-" + helper.get().asText() + " (credHelpers in " + file + ")";
            }
            if (config.path("credsStore").isTextual()) {
                return "credential helper docker-credential-" + config.path("credsStore").asText() + " (credsStore in " + file + ")";
            }
        }
        return "Docker config " + file;
    }

    private static Optional<JsonNode> entry(JsonNode map, String registry) {
        List<String> exact = List.of(registry, "https://" + registry);
        for (String key : exact) {
            if (map.has(key)) {
                return Optional.of(map.get(key));
            }
        }
        for (String prefix : exact) {
            for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (key.startsWith(prefix + "/")) {
                    return Optional.of(map.get(key));
                }
            }
        }
        return Optional.empty();
    }

    /** jib skips a config it cannot parse without a word; a broken config deserves an error. */
    private static JsonNode parse(Path config) throws RegistryException {
        try {
            return new ObjectMapper().readTree(config.toFile());
        } catch (JsonProcessingException e) {
            // only the position: the parser's message may quote the offending text, a secret perhaps
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new RegistryException(config + ": not valid JSON" + where);
        } catch (IOException e) {
            throw new RegistryException(config + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
