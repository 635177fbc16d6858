package dev.strata.builder.registry;

import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;
import java.io.IOException;

/**
 * A registry operation failed. The message is one line naming the operation, the registry and
 * the cause ({@code pushing sha256:ab12.. to 127.0.0.1:5000/app: 503 Service Unavailable after 3
 * attempts}); it never contains credentials. Whatever the registry put in it (error texts, media
 * types, platform names) reaches it with terminal controls removed and on one line.
 */
public class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean notFound;

    public RegistryException(String message) {
        this(message, null, false);
    }

    public RegistryException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** {@code notFound}: the registry answered 404 (unknown repository, manifest or blob). */
    public RegistryException(String message, Throwable cause, boolean notFound) {
        super(OutsideText.oneLine(Urls.redactAll(message)), cause);
        this.notFound = notFound;
    }

    /** Whether the registry said the thing does not exist (404), as opposed to refusing or failing. */
    public boolean notFound() {
        return notFound;
    }
}
