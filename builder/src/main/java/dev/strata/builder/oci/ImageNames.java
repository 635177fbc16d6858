package dev.strata.builder.oci;

/** Splits image names the way exporters need them. */
final class ImageNames {
    private ImageNames() {}

    /** {@code app} → {@code app:latest}; {@code host:5000/app} → {@code host:5000/app:latest}; digests kept. */
    static String withTag(String name) {
        if (name.contains("@")) {
            return name;
        }
        int slash = name.lastIndexOf('/');
        return name.indexOf(':', slash + 1) >= 0 ? name : name + ":latest";
    }

    /** The tag of {@link #withTag}'s result. */
    static String tag(String name) {
        String full = withTag(name);
        int slash = full.lastIndexOf('/');
        int colon = full.indexOf(':', slash + 1);
        return colon < 0 ? "latest" : full.substring(colon + 1);
    }

    /** The repository part (name without the tag). */
    static String repository(String name) {
        String full = withTag(name);
        int slash = full.lastIndexOf('/');
        int colon = full.indexOf(':', slash + 1);
        return colon < 0 ? full : full.substring(0, colon);
    }
}
