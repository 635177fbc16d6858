package dev.strata.builder.registry;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.strata.builder.blob.DigestMismatchException;
import dev.strata.builder.net.TransferLimitException;
import dev.strata.builder.net.TransferStalledException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Runs one registry operation with retries: connection failures and 5xx answers are retried with
 * a doubling backoff, everything else fails at once. The final error is one line:
 * {@code pushing sha256:ab.. to 127.0.0.1:5000/app: 503 Service Unavailable after 3 attempts}.
 */
final class Attempts {
    private final RegistryOptions.Retry retry;
    private final String authHint;

    /** {@code authHint} is appended to authentication failures: where the credentials came from. */
    Attempts(RegistryOptions.Retry retry, String authHint) {
        this.retry = retry;
        this.authHint = authHint;
    }

    /** An operation against a registry; may throw jib's exceptions, which are translated here. */
    @FunctionalInterface
    interface Operation<T> {
        T run() throws IOException, com.google.cloud.tools.jib.api.RegistryException;
    }

    /**
     * Runs {@code operation}, described as {@code what} (e.g. {@code pulling sha256:ab.. from
     * host/repo}) in the error message.
     */
    <T> T run(String what, Operation<T> operation) throws RegistryException {
        long backoff = retry.firstBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.run();
            } catch (RegistryException e) {
                throw e;
            } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
                Throwable cause = rootOf(e);
                if (!isTransient(cause) || attempt >= retry.attempts()) {
                    String suffix = isTransient(cause) && attempt > 1 ? " after " + attempt + " attempts"
                            : Failures.isAuthFailure(cause) ? authHint : "";
                    throw new RegistryException(what + ": " + Failures.describe(cause) + suffix, safeCause(cause),
                            Failures.isNotFound(cause));
                }
            }
            sleep(backoff);
            backoff *= 2;
        }
    }

    /** Unwraps jib's wrapping of registry errors in IOExceptions (its blob puller does that). */
    private static Throwable rootOf(Throwable e) {
        Throwable current = e;
        while (current.getClass() == IOException.class && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isTransient(Throwable e) {
        if (e instanceof ResponseException response) {
            return response.getStatusCode() >= 500;
        }
        if (Failures.isAuthFailure(e) || e instanceof InsecureRegistryException
                || e instanceof SSLException || e instanceof DigestMismatchException
                || e instanceof TransferStalledException || e instanceof TransferLimitException
                || e instanceof UnknownHostException || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return false;
        }
        return e instanceof IOException || e instanceof ConnectException;
    }

    /** Auth failures drop the cause: jib's exceptions carry the HTTP exchange, headers included. */
    private static Throwable safeCause(Throwable cause) {
        return Failures.isAuthFailure(cause) ? null : cause;
    }

    private static void sleep(long millis) throws RegistryException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting to retry");
        }
    }
}
