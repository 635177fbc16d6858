package dev.strata.builder.api;

import java.util.Locale;

/** What {@code --allow} grants, as BuildKit's entitlements: privileges a Dockerfile alone may not take. */
public enum Entitlement {
    /** {@code RUN --network=host}. */
    NETWORK_HOST("network.host"),
    /** {@code RUN --security=insecure}: all capabilities, no seccomp filter. */
    SECURITY_INSECURE("security.insecure");

    private final String text;

    Entitlement(String text) {
        this.text = text;
    }

    /** The name as written after {@code --allow}. */
    public String text() {
        return text;
    }

    public static Entitlement parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Entitlement e : values()) {
            if (e.text.equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("invalid entitlement \"" + value + "\" for --allow (network.host or security.insecure)");
    }
}
