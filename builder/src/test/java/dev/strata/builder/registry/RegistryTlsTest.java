package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with a self-signed certificate on a non-loopback address (loopback registries are
 * trusted by default, so the insecure set would not matter there): refused until listed in
 * {@code insecureRegistries}, then pulled from and pushed to over unverified TLS.
 */
class RegistryTlsTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    static Optional<String> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void selfSignedRegistryNeedsTheInsecureSet(@TempDir Path tmp) throws IOException {
        Optional<String> address = nonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        Command.ok("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=strata-test",
                "-addext", "subjectAltName=IP:" + address.get(), "-keyout", key.toString(), "-out", cert.toString());
        TestImages images = TestImages.create(tmp);
        try (TestRegistry tls = TestRegistry.start(tmp.resolve("registry"), TestRegistry.Setup.plain().withTls(cert, key, address.get()))) {
            images.copy("busybox", tls.host() + "/base:1");
            ImageReference base = ImageReference.parse(tls.host() + "/base:1");
            RegistryOptions strict = RegistryPullerTest.options(tmp);

            RegistryException refused = assertThrows(RegistryException.class,
                    () -> new RegistryPuller(BlobStore.open(tmp.resolve("strict")), strict).pull(base, AMD64, PullPolicy.MISSING));
            assertEquals("pulling from " + base.name() + ": TLS handshake failed (untrusted or invalid certificate;"
                    + " if you trust this registry, mark it with --insecure-registry)", refused.getMessage());

            RegistryOptions insecure = strict.withInsecureRegistries(Set.of(tls.host()));
            BlobStore store = BlobStore.open(tmp.resolve("store"));
            PulledImage image = new RegistryPuller(store, insecure).pull(base, AMD64, PullPolicy.MISSING);
            ImageReference target = ImageReference.parse(tls.host() + "/app:1");
            PushResult pushed = new RegistryPusher(store, insecure).push(image.image().manifestBytes(), List.of(target), ManifestFormat.OCI);

            assertEquals(2, pushed.mounted());
            assertArrayEquals(image.image().manifestBytes(), TestImages.rawManifest(target.toString()));
            assertTrue(tls.requests().stream().noneMatch(r -> r.status() == 400), "never spoke plain HTTP to a TLS port");
        }
    }
}
