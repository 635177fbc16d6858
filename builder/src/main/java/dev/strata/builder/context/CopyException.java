package dev.strata.builder.context;

/**
 * A COPY or ADD that cannot be carried out: missing source, bad flag, checksum mismatch, unsafe
 * archive. The message is one line without a Dockerfile location; the engine adds
 * {@code Dockerfile:7: } in front of it.
 */
public class CopyException extends RuntimeException {

    public CopyException(String message) {
        super(message);
    }

    public CopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
