package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void findsTheServerWhoseIdIsTheRegistryHostAndDecryptsItsPassword() throws Exception {
        server("registry.example.com", "alice", cipher.encryptAndDecorate("s3cret", "master-secret"));
        server("localhost:5000", "bob", "plain");
        ServerCredentials credentials = new ServerCredentials(settings, decrypter);

        assertEquals(Optional.of(new ServerCredentials.Credential("alice", "s3cret")),
                credentials.lookup("registry.example.com"));
        assertEquals(Optional.of(new ServerCredentials.Credential("bob", "plain")), credentials.lookup("localhost:5000"));
        assertEquals(Optional.empty(), credentials.lookup("localhost"));
        assertEquals(Optional.empty(), credentials.lookup("other.example.com"));
    }

    @Test
    void dockerHubAnswersToItsUsualNames() throws Exception {
        server("docker.io", "carol", "pw");
        ServerCredentials credentials = new ServerCredentials(settings, decrypter);
        assertTrue(credentials.lookup("registry-1.docker.io").isPresent());
        assertTrue(credentials.lookup("index.docker.io").isPresent());
    }

    @Test
    void aServerWithoutUserNameIsNotACredential() throws Exception {
        server("registry.example.com", null, null);
        assertFalse(new ServerCredentials(settings, decrypter).lookup("registry.example.com").isPresent());
    }

    @Test
    void aPasswordThatCannotBeDecryptedNamesTheServer() throws Exception {
        server("registry.example.com", "alice", cipher.encryptAndDecorate("s3cret", "another-master"));
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> new ServerCredentials(settings, decrypter).lookup("registry.example.com"));
        assertTrue(e.getMessage().startsWith("settings.xml <server> \"registry.example.com\": cannot decrypt its password"),
                e.getMessage());
    }

    @Test
    void hasServerNeedsNoDecryption() {
        server("registry.example.com", "alice", "{not-decryptable}");
        ServerCredentials credentials = new ServerCredentials(settings, decrypter);
        assertTrue(credentials.hasServer("registry.example.com"));
        assertFalse(credentials.hasServer("localhost:5000"));
    }

    @ParameterizedTest
    @CsvSource({
        "app:1, docker.io",
        "team/app:1, docker.io",
        "registry.example.com/team/app:1, registry.example.com",
        "localhost:5000/app, localhost:5000",
        "localhost/app, localhost",
        "127.0.0.1:5000/app:1, 127.0.0.1:5000",
    })
    void registryOfFollowsDockersRule(String image, String host) {
        assertEquals(host, ServerCredentials.registryOf(image));
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        assertFalse(new ServerCredentials.Credential("alice", "s3cret").toString().contains("s3cret"));
    }
}
