package dev.strata.builder.api;

import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;

/**
 * A build that failed because of its input (the Dockerfile, the context, the request). The message
 * is one line naming the place when there is one: {@code Dockerfile:7: COPY failed: file not found
 * in build context: "app.jar"}. Terminal controls in it (from a file name, a registry's answer)
 * are removed, line breaks become spaces and URL credentials are redacted.
 */
public class BuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(OutsideText.oneLine(Urls.redactAll(message)));
    }

    public BuildException(String message, Throwable cause) {
        super(OutsideText.oneLine(Urls.redactAll(message)), cause);
    }
}
