package dev.strata.builder.net;

import java.io.IOException;

/** The peer sent (almost) nothing for a whole {@link Stall} window. */
public final class TransferStalledException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransferStalledException(String message) {
        super(message);
    }
}
