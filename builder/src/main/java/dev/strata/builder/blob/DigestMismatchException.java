package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import java.io.IOException;

/** Content did not hash to the digest it claimed: it is never stored (or, read from the store, never used). */
public class DigestMismatchException extends IOException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        this("blob digest mismatch: expected " + expected + ", got " + actual, expected, actual);
    }

    DigestMismatchException(String message, Digest expected, Digest actual) {
        super(message);
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
