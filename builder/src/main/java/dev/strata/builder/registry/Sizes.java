package dev.strata.builder.registry;

import dev.strata.builder.oci.Descriptor;

/** Sizes a descriptor may declare: a negative or absurd one is refused before any byte moves. */
final class Sizes {
    private Sizes() {}

    /**
     * Refuses {@code descriptor} unless {@code 0 <= size <= limit}.
     *
     * @param kind {@code layer}, {@code config}, {@code manifest}: named in the error
     */
    static void check(Object image, String kind, Descriptor descriptor, long limit) throws RegistryException {
        long size = descriptor.size();
        if (size < 0 || size > limit) {
            throw new RegistryException("pulling " + image + ": " + kind + " " + descriptor.digest() + " declares a size of " + size
                    + " bytes (" + (size < 0 ? "negative" : "more than the " + human(limit) + " limit for a " + kind)
                    + "); refusing the image");
        }
    }

    static String human(long bytes) {
        return bytes >= 1L << 40 ? (bytes >> 40) + " TiB" : bytes >= 1L << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
