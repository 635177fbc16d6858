package dev.strata.builder.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code --cache-from} / {@code --cache-to} value in BuildKit's spelling:
 * {@code type=registry,ref=HOST/REPO[:TAG]} (a bare {@code HOST/REPO:TAG} means the same).
 * Only the registry type exists; {@code mode=min|max} is accepted, and Strata exports every step of
 * the build either way (BuildKit's max).
 *
 * @param ref the image reference of the cache, as written
 */
public record CacheSpec(String ref) {
    public CacheSpec {
        Objects.requireNonNull(ref, "ref");
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("cache ref must not be empty");
        }
    }

    /** Parses a spec; {@link IllegalArgumentException} with a one-line message otherwise. */
    public static CacheSpec parse(String spec) {
        if (!spec.contains("=")) {
            return new CacheSpec(spec.trim());
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid cache \"" + spec + "\": expected key=value pairs such as type=registry,ref=host/repo:cache");
            }
            attrs.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        String type = attrs.remove("type");
        if (type == null || !type.equalsIgnoreCase("registry")) {
            throw new IllegalArgumentException("unsupported cache type \"" + type + "\" in \"" + spec + "\" (supported: registry)");
        }
        String ref = attrs.remove("ref");
        if (ref == null || ref.isEmpty()) {
            throw new IllegalArgumentException("invalid cache \"" + spec + "\": ref= is required");
        }
        String mode = attrs.remove("mode");
        if (mode != null && !mode.equalsIgnoreCase("min") && !mode.equalsIgnoreCase("max")) {
            throw new IllegalArgumentException("invalid cache mode \"" + mode + "\" (min or max)");
        }
        attrs.remove("ignore-error");
        if (!attrs.isEmpty()) {
            throw new IllegalArgumentException("unsupported cache attribute \"" + attrs.keySet().iterator().next() + "\" in \"" + spec + "\"");
        }
        return new CacheSpec(ref);
    }
}
