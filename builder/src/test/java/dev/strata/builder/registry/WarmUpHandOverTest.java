package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push after {@link RegistryPusher#warmUp} takes over the warm-up's HTTP client: against a
 * plain-HTTP registry it knows already that HTTPS fails and tries no TLS handshake of its own
 * (a fresh client tries two, verified and unverified, before its first request).
 */
class WarmUpHandOverTest {
    @TempDir
    static Path shared;
    static TestImages images;
    static TestRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        images = TestImages.create(shared);
        registry = TestRegistry.start(shared.resolve("registry"));
        images.copy("busybox", registry.host() + "/base/busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aPushAfterTheWarmUpTriesNoTlsHandshake(@TempDir Path tmp) throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        RegistryOptions options = RegistryPullerTest.options(tmp);
        PulledImage base = new RegistryPuller(store, options)
                .pull(ImageReference.parse(registry.host() + "/base/busybox:1"), Platform.parse("linux/amd64"), PullPolicy.MISSING);
        try (CountingProxy proxy = new CountingProxy(registry.host())) {
            ImageReference target = ImageReference.parse(proxy.host() + "/warm/app:1");
            RegistryPusher.warmUp(List.of(target), options);
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("strata-registry-warmup")) {
                    thread.join(30_000);
                }
            }
            int afterWarmUp = proxy.tlsAttempts.get();
            assertTrue(afterWarmUp > 0, "the warm-up tried HTTPS first");

            new RegistryPusher(store, options).push(base.image().manifestBytes(), List.of(target), ManifestFormat.OCI);

            assertEquals(afterWarmUp, proxy.tlsAttempts.get(), "the push tried TLS again");
            assertTrue(proxy.connections.get() > afterWarmUp, "the push went through the proxy");
        }
    }

    /** Forwards loopback connections to the registry, counting those that open with a TLS record. */
    private static final class CountingProxy implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger tlsAttempts = new AtomicInteger();
        private final ServerSocket server;
        private final int targetPort;

        CountingProxy(String registryHost) throws IOException {
            this.targetPort = Integer.parseInt(registryHost.substring(registryHost.lastIndexOf(':') + 1));
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "counting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String host() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections.incrementAndGet();
                    Thread handler = new Thread(() -> forward(client), "counting-proxy-conn");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void forward(Socket client) {
            try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                PushbackInputStream in = new PushbackInputStream(client.getInputStream());
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == 0x16) {
                    tlsAttempts.incrementAndGet();
                }
                in.unread(first);
                Thread back = new Thread(() -> pump(upstream, client), "counting-proxy-back");
                back.setDaemon(true);
                back.start();
                copy(in, upstream.getOutputStream());
                upstream.shutdownOutput();
                back.join();
            } catch (IOException | InterruptedException e) {
                // a dropped connection: the client sees it
            }
        }

        private static void pump(Socket from, Socket to) {
            try {
                copy(from.getInputStream(), to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        }

        private static void copy(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
