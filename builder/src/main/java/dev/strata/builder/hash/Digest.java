package dev.strata.builder.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as used by the OCI image spec: {@code sha256:<64 lowercase hex digits>}.
 * Only sha256 (and sha512, which the spec registers) are accepted.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");

    public Digest {
        if (algorithm == null || hex == null) {
            throw new IllegalArgumentException("digest algorithm and hex must not be null");
        }
        Pattern pattern = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default -> throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm + "\" (expected sha256)");
        };
        if (!pattern.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid " + algorithm + " digest \"" + algorithm + ":" + hex + "\"");
        }
    }

    /** Parses {@code sha256:<hex>}; throws {@link IllegalArgumentException} with the offending text otherwise. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("digest must not be null");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\" (expected sha256:<64 hex digits>)");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** A sha256 digest from its 64 hex digits. */
    public static Digest sha256(String hex) {
        return new Digest("sha256", hex);
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest ofBytes(byte[] bytes) {
        return fromMessageDigest(newSha256().digest(bytes));
    }

    /** A fresh sha256 {@link MessageDigest}. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    /** Wraps a finished sha256 hash value. */
    public static Digest fromMessageDigest(byte[] sha256) {
        return sha256(HexFormat.of().formatHex(sha256));
    }

    /** The short form used in messages: the first 12 hex digits. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    // equals and hashCode written out: a record's generated ones link a method-handle bootstrap on
    // first call, ~5 ms of a cached rebuild's critical path for this most compared of records
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest d && hex.equals(d.hex) && algorithm.equals(d.algorithm);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }
}
