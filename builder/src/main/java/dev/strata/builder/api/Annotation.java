package dev.strata.builder.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code --annotation} in buildx's spelling: {@code KEY=VALUE} (on the image manifest), or with
 * the places before a colon, {@code manifest:}, {@code index:}, {@code manifest-descriptor:},
 * {@code index-descriptor:} (several: {@code index,manifest:KEY=VALUE}), and optionally a platform
 * in brackets ({@code manifest[linux/arm64]:KEY=VALUE}).
 *
 * @param places where the annotation goes
 * @param platform the platform whose manifest it is for, or every platform
 * @param key the annotation key
 * @param value its value
 */
public record Annotation(List<Place> places, Optional<String> platform, String key, String value) {

    /** Where an annotation is written. */
    public enum Place {
        /** the image manifest (changes the image digest) */
        MANIFEST,
        /** the image index: a multi-platform index, or the {@code index.json} of an OCI layout or archive output */
        INDEX,
        /** the manifest's descriptor in an index (an OCI output's {@code index.json}) */
        MANIFEST_DESCRIPTOR,
        /** the index's descriptor in an OCI layout's {@code index.json} (multi-platform outputs) */
        INDEX_DESCRIPTOR
    }

    public Annotation {
        places = List.copyOf(places);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (places.isEmpty()) {
            throw new IllegalArgumentException("an annotation needs a place");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid annotation: empty key");
        }
    }

    /** Whether this annotation goes to {@code place}. */
    public boolean at(Place place) {
        return places.contains(place);
    }

    /**
     * Parses {@code [PLACE[,PLACE...][\[PLATFORM\]]:]KEY=VALUE}.
     *
     * @throws IllegalArgumentException with a one-line message otherwise
     */
    public static Annotation parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("invalid annotation \"" + spec + "\": expected KEY=VALUE");
        }
        String left = spec.substring(0, eq);
        String value = spec.substring(eq + 1);
        int colon = left.indexOf(':');
        if (colon < 0) {
            return new Annotation(List.of(Place.MANIFEST), Optional.empty(), left, value);
        }
        String where = left.substring(0, colon);
        String key = left.substring(colon + 1);
        Optional<String> platform = Optional.empty();
        int bracket = where.indexOf('[');
        if (bracket >= 0) {
            if (!where.endsWith("]") || bracket == where.length() - 2) {
                throw new IllegalArgumentException("invalid annotation \"" + spec + "\": expected PLACE[OS/ARCH]:KEY=VALUE");
            }
            platform = Optional.of(where.substring(bracket + 1, where.length() - 1));
            where = where.substring(0, bracket);
        }
        List<Place> places = new ArrayList<>();
        for (String name : where.split(",")) {
            places.add(switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "manifest" -> Place.MANIFEST;
                case "index" -> Place.INDEX;
                case "manifest-descriptor" -> Place.MANIFEST_DESCRIPTOR;
                case "index-descriptor" -> Place.INDEX_DESCRIPTOR;
                default -> throw new IllegalArgumentException("invalid annotation \"" + spec + "\": unknown place \"" + name
                        + "\" (manifest, index, manifest-descriptor or index-descriptor)");
            });
        }
        return new Annotation(places, platform, key, value);
    }
}
