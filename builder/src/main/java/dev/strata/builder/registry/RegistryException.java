package dev.strata.builder.registry;

import java.io.IOException;

/**
 * A registry operation failed. The message is one line naming the operation, the registry and
 * the cause ({@code pushing sha256:ab12.. to 127.0.0.1:5000/app: 503 Service Unavailable after 3
 * attempts}); it never contains credentials.
 */
public class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
