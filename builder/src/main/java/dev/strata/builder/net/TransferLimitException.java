package dev.strata.builder.net;

import java.io.IOException;

/** The peer sent more bytes than were declared or allowed; the transfer was cut there. */
public final class TransferLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransferLimitException(String message) {
        super(message);
    }
}
