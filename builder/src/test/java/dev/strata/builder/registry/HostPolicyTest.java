package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPolicyTest {
    private static final Set<String> INSECURE = Set.of("registry.lan:5000", "10.0.0.7");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            localhost:5000      | true
            localhost           | true
            127.0.0.1:5000      | true
            127.1.2.3           | true
            [::1]:5000          | true
            registry.lan:5000   | true
            Registry.LAN:5000   | true
            registry.lan:5001   | false
            registry.lan        | false
            10.0.0.7:443        | true
            10.0.0.7            | true
            10.0.0.8:5000       | false
            127.0.0.1.evil.com  | false
            localhost.evil.com  | false
            128.0.0.1:5000      | false
            docker.io           | false
            [::2]:5000          | false
            """)
    void loopbackAndTheInsecureSetOnly(String registry, boolean insecure) {
        assertEquals(insecure, HostPolicy.allowsInsecure(registry, new RegistryOptions(INSECURE, java.nio.file.Path.of("/x"),
                TransferListener.NONE, RegistryOptions.Retry.DEFAULT, java.util.Map.of()).insecureRegistries()));
    }
}
