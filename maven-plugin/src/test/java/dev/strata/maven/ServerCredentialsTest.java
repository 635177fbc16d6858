package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.strata.builder.api.RegistryCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** Maven's real decrypter, with a settings-security.xml master password, as mvn --encrypt-password makes it. */
class ServerCredentialsTest {
    @TempDir
    Path dir;

    private final DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    private DefaultSettingsDecrypter decrypter;
    private final Settings settings = new Settings();

    @BeforeEach
    void masterPassword() throws Exception {
        Path security = dir.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>"
                + cipher.encryptAndDecorate("master-secret", "settings.security") + "</master></settingsSecurity>");
        decrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString()));
    }

    private void server(String id, String username, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(username);
        server.setPassword(password);
        settings.addServer(server);
    }

    @Test
    void registryCredentialsAreTheDecryptedServersWhoseIdIsARegistryHost() throws Exception {
        server("registry.example.com", "alice", cipher.encryptAndDecorate("s3cret", "master-secret"));
        server("localhost:5000", "bob", "plain");
        server("central", "carol", "maven-repo-password");
        List<RegistryCredential> credentials = new ServerCredentials(settings, decrypter).registryCredentials();

        assertEquals(List.of(new RegistryCredential("registry.example.com", "alice", "s3cret",
                        "settings.xml <server> \"registry.example.com\" (user alice)"),
                new RegistryCredential("localhost:5000", "bob", "plain", "settings.xml <server> \"localhost:5000\" (user bob)")),
                credentials);
    }

    @Test
    void dockerHubAnswersToItsUsualNames() throws Exception {
        server("index.docker.io", "carol", "pw");
        assertEquals(List.of(new RegistryCredential("docker.io", "carol", "pw", "settings.xml <server> \"index.docker.io\" (user carol)")),
                new ServerCredentials(settings, decrypter).registryCredentials());
    }

    @Test
    void aServerWithoutUserNameIsNotACredential() throws Exception {
        server("registry.example.com", null, null);
        assertEquals(List.of(), new ServerCredentials(settings, decrypter).registryCredentials());
    }

    @Test
    void aPasswordThatCannotBeDecryptedNamesTheServer() throws Exception {
        server("registry.example.com", "alice", cipher.encryptAndDecorate("s3cret", "another-master"));
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> new ServerCredentials(settings, decrypter).registryCredentials());
        assertTrue(e.getMessage().startsWith("settings.xml <server> \"registry.example.com\": cannot decrypt its password"),
                e.getMessage());
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        assertFalse(new RegistryCredential("registry.example.com", "alice", "s3cret").toString().contains("s3cret"));
    }
}
