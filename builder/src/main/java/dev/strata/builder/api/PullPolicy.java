package dev.strata.builder.api;

import java.util.Locale;

/** When base images are fetched from their registry ({@code --pull}). */
public enum PullPolicy {
    /** Only when not in the local store (the default). */
    MISSING,
    /** Check the registry for every tag reference. */
    ALWAYS,
    /** Never contact a registry: the store must have the image. */
    NEVER;

    public static PullPolicy parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "missing" -> MISSING;
            case "always", "true" -> ALWAYS;
            case "never", "false" -> NEVER;
            default -> throw new IllegalArgumentException("invalid pull policy \"" + text + "\" (missing, always or never)");
        };
    }
}
