package dev.strata.builder.exec;

import java.util.Locale;

/** How RUN commands are isolated: an OCI runtime (runc/crun), or {@code unshare} + {@code chroot}. */
public enum Isolation {
    OCI,
    CHROOT;

    /** Parses {@code oci} or {@code chroot} ({@code --isolation}). */
    public static Isolation parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "oci" -> OCI;
            case "chroot" -> CHROOT;
            default -> throw new IllegalArgumentException("unsupported isolation \"" + value + "\" (use oci or chroot)");
        };
    }
}
