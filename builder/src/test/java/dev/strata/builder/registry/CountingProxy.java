package dev.strata.builder.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** Forwards loopback connections to the registry, counting those that open with a TLS record. */
final class CountingProxy implements AutoCloseable {
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
