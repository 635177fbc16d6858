package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import java.io.IOException;

/** Content did not hash to the digest it claimed: it is never stored. */
public final class DigestMismatchException extends IOException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("blob digest mismatch: expected " + expected + ", got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
