package dev.strata.builder.registry;

/** {@code --pull=missing|always|never}: when a tag is looked up in the registry. */
public enum PullPolicy {
    /** Use the local copy of a tag when there is one (the default). */
    MISSING,
    /** Ask the registry what the tag points to now; blobs already stored are not fetched again. */
    ALWAYS,
    /** Never contact a registry; a reference not in the store is an error. */
    NEVER;

    /** Parses {@code missing}, {@code always}, {@code never} (and Docker's {@code true}/{@code false}). */
    public static PullPolicy parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "missing", "" -> MISSING;
            case "always", "true" -> ALWAYS;
            case "never", "false" -> NEVER;
            default -> throw new IllegalArgumentException("invalid pull policy \"" + text + "\" (expected missing, always or never)");
        };
    }
}
