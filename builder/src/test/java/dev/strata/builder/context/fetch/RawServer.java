package dev.strata.builder.context.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 that misbehaves on purpose: each connection's request head is read,
 * then the test's handler writes whatever bytes it likes (a lying Content-Length, a trickle, an
 * endless body). Requests are recorded.
 */
final class RawServer implements AutoCloseable {
    /** Answers one request; {@code request} is its head, one line per element. */
    @FunctionalInterface
    interface Handler {
        void answer(List<String> request, OutputStream out) throws IOException, InterruptedException;
    }

    final List<List<String>> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread acceptor;

    RawServer(Handler handler) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread t = new Thread(() -> serve(client, handler), "raw-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket client, Handler handler) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            requests.add(head);
            handler.answer(head, client.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client went away: that is what several tests want
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    static String path(List<String> request) {
        return request.isEmpty() ? "" : request.get(0).split(" ")[1];
    }

    static String header(List<String> request, String name) {
        for (String line : request) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
