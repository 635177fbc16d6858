package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.strata.builder.text.OutsideText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Short, credential-free descriptions of what went wrong in a registry exchange. */
final class Failures {
    private Failures() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR = 200;
    private static final int MAX_ERRORS = 400;

    /** {@code sha256:0123456789ab..}: enough to recognise a blob in a message. */
    static String shortDigest(dev.strata.builder.hash.Digest digest) {
        return digest.algorithm() + ":" + digest.shortHex() + "..";
    }

    /** Whether {@code e} says the registry refused our credentials (or their absence). */
    static boolean isAuthFailure(Throwable e) {
        if (e instanceof ResponseException response) {
            return response.getStatusCode() == 401 || response.getStatusCode() == 403;
        }
        return e instanceof RegistryUnauthorizedException || e instanceof RegistryCredentialsNotSentException
                || e instanceof com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
    }

    /** Whether {@code e} is the registry's 404 (directly, or inside jib's RegistryErrorException). */
    static boolean isNotFound(Throwable e) {
        return e instanceof ResponseException response && response.getStatusCode() == 404
                || e.getCause() instanceof ResponseException wrapped && wrapped.getStatusCode() == 404;
    }

    static String describe(Throwable e) {
        if (e instanceof com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException) {
            return "authentication failed (the registry's token service refused)";
        }
        if (e instanceof RegistryCredentialsNotSentException
                || e instanceof ResponseException cleared && cleared.requestAuthorizationCleared() && isAuthFailure(e)) {
            return "authentication required, and credentials are not sent over plain HTTP to a registry that is not"
                    + " on this machine (use HTTPS, or allow credentials over HTTP)";
        }
        if (e instanceof RegistryUnauthorizedException || isAuthFailure(e) && e instanceof ResponseException) {
            int status = e instanceof ResponseException direct ? direct.getStatusCode()
                    : e.getCause() instanceof ResponseException response ? response.getStatusCode() : 401;
            return status == 403 ? "access denied (403 Forbidden)" : "authentication failed (401 Unauthorized)";
        }
        if (e instanceof InsecureRegistryException || e instanceof SSLException) {
            return "TLS handshake failed (untrusted or invalid certificate; if you trust this registry, mark it with --insecure-registry)";
        }
        if (e instanceof ResponseException response) {
            return statusLine(response) + registryErrors(response.getContent());
        }
        if (e.getCause() instanceof ResponseException response) {
            // jib's RegistryErrorException (400/404/405): the registry's own error codes say it best
            return statusLine(response) + registryErrors(response.getContent());
        }
        if (e instanceof ConnectException) {
            String message = e.getMessage() == null ? "Connection refused" : e.getMessage();
            int failed = message.lastIndexOf("failed: ");
            return "cannot connect (" + (failed < 0 ? message : message.substring(failed + "failed: ".length())) + ")";
        }
        if (e instanceof UnknownHostException) {
            String host = String.valueOf(e.getMessage());
            return "unknown host " + (host.contains(":") ? host.substring(0, host.indexOf(':')) : host);
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return OutsideText.oneLine(firstLine(e.getMessage()), MAX_ERRORS);
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + OutsideText.oneLine(firstLine(e.getMessage()), MAX_ERRORS));
    }

    static String statusLine(ResponseException response) {
        String message = response.getMessage();
        String line = message == null ? "" : OutsideText.oneLine(firstLine(message), MAX_ERROR);
        return line.startsWith(Integer.toString(response.getStatusCode())) ? line : "HTTP " + response.getStatusCode();
    }

    /** Distribution's {@code {"errors":[{"code":..,"message":..}]}}, as {@code : manifest unknown}. */
    private static String registryErrors(String content) {
        if (content == null || content.isBlank()) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(content).path("errors");
            StringBuilder out = new StringBuilder();
            for (JsonNode error : errors) {
                // the registry's own words: bounded and without terminal controls
                String text = OutsideText.oneLine(error.path("message").asText(error.path("code").asText("")), MAX_ERROR);
                if (!text.isEmpty() && out.length() < MAX_ERRORS) {
                    out.append(out.length() == 0 ? ": " : "; ").append(text);
                }
            }
            return out.toString();
        } catch (IOException notJson) {
            return "";
        }
    }

    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
