package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.UUID;

/**
 * A Docker registry token server (the bearer flow of distribution's token auth), for tests: it
 * checks HTTP basic credentials and answers a JWT, signed RS256 with a keytool-made key whose
 * self-signed certificate is the registry's root bundle, granting the scopes asked for.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "strata-test-registry";
    static final String ISSUER = "strata-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final Certificate certificate;
    private final Path bundle;
    private final String basic;

    private TokenServer(HttpServer server, PrivateKey key, Certificate certificate, Path bundle, String basic) {
        this.server = server;
        this.key = key;
        this.certificate = certificate;
        this.bundle = bundle;
        this.basic = basic;
    }

    /** Starts on a free 127.0.0.1 port, accepting only {@code user}/{@code password}. */
    static TokenServer start(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("token.p12");
        Path bundle = dir.resolve("token.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Command.ok(keytool, "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=strata-token",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        Command.ok(keytool, "-exportcert", "-rfc", "-alias", "token", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", bundle.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("token", "changeit".toCharArray());
        Certificate certificate = store.getCertificate("token");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        TokenServer tokens = new TokenServer(server, key, certificate, bundle, basic);
        server.createContext("/token", tokens::answer);
        server.start();
        return tokens;
    }

    /** The registry's {@code auth:} section for this server. */
    String authYaml() {
        return """
                auth:
                  token:
                    realm: http://127.0.0.1:%d/token
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(server.getAddress().getPort(), SERVICE, ISSUER, bundle);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ArrayNode access = JSON.createArrayNode();
            String query = exchange.getRequestURI().getRawQuery();
            for (String param : query == null ? new String[0] : query.split("&")) {
                if (!param.startsWith("scope=")) {
                    continue;
                }
                String[] scope = URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8).split(":");
                if (scope.length == 3) {
                    ObjectNode grant = access.addObject().put("type", scope[0]).put("name", scope[1]);
                    ArrayNode actions = grant.putArray("actions");
                    for (String action : scope[2].split(",")) {
                        actions.add(action);
                    }
                }
            }
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("token", jwt(access)).put("expires_in", 300));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String jwt(ArrayNode access) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", "strata").put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 30).put("iat", now).put("jti", UUID.randomUUID().toString());
        claims.set("access", access);
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(rsa.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
