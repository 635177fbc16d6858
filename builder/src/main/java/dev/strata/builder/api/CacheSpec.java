package dev.strata.builder.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code --cache-from} / {@code --cache-to} value in buildx's spelling:
 * {@code type=registry,ref=HOST/REPO[:TAG]} (a bare {@code HOST/REPO:TAG} means the same), or
 * {@code type=local,dest=DIR} / {@code type=local,src=DIR[,tag=TAG]} (an OCI image layout holding
 * the cache manifest, tagged {@code latest} unless {@code tag=} says otherwise). {@code mode=max}
 * (the default, as Strata always did) exports every step the build ran or hit, in every stage;
 * {@code mode=min} only the steps of the final stage (BuildKit's min: what makes the image, without
 * the other stages' intermediate layers).
 *
 * @param type where the cache lives
 * @param ref the registry reference ({@code registry}) or the layout directory ({@code local})
 * @param tag the tag of the cache manifest in a local layout
 * @param min {@code mode=min}
 */
public record CacheSpec(Type type, String ref, String tag, boolean min) {

    /** Where a cache lives. */
    public enum Type {
        REGISTRY,
        LOCAL
    }

    public CacheSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tag, "tag");
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("cache ref must not be empty");
        }
    }

    /** A registry cache at {@code ref}, every step exported. */
    public CacheSpec(String ref) {
        this(Type.REGISTRY, ref, "latest", false);
    }

    /** The directory of a local cache. */
    public Optional<Path> directory() {
        return type == Type.LOCAL ? Optional.of(Path.of(ref)) : Optional.empty();
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
        String typeName = attrs.remove("type");
        Type type;
        if (typeName != null && typeName.equalsIgnoreCase("registry")) {
            type = Type.REGISTRY;
        } else if (typeName != null && typeName.equalsIgnoreCase("local")) {
            type = Type.LOCAL;
        } else {
            throw new IllegalArgumentException("unsupported cache type \"" + typeName + "\" in \"" + spec + "\" (supported: registry, local)");
        }
        String ref;
        String tag = "latest";
        if (type == Type.REGISTRY) {
            ref = attrs.remove("ref");
            if (ref == null || ref.isEmpty()) {
                throw new IllegalArgumentException("invalid cache \"" + spec + "\": ref= is required");
            }
        } else {
            String dest = attrs.remove("dest");
            String src = attrs.remove("src");
            if (dest != null && src != null) {
                throw new IllegalArgumentException("invalid cache \"" + spec + "\": give src= (--cache-from) or dest= (--cache-to), not both");
            }
            ref = dest != null ? dest : src;
            if (ref == null || ref.isEmpty()) {
                throw new IllegalArgumentException("invalid cache \"" + spec + "\": type=local needs src=DIR (--cache-from) or dest=DIR (--cache-to)");
            }
            String t = attrs.remove("tag");
            if (t != null) {
                if (!t.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
                    throw new IllegalArgumentException("invalid cache tag \"" + t + "\"");
                }
                tag = t;
            }
        }
        String mode = attrs.remove("mode");
        if (mode != null && !mode.equalsIgnoreCase("min") && !mode.equalsIgnoreCase("max")) {
            throw new IllegalArgumentException("invalid cache mode \"" + mode + "\" (min or max)");
        }
        attrs.remove("ignore-error");
        if (!attrs.isEmpty()) {
            throw new IllegalArgumentException("unsupported cache attribute \"" + attrs.keySet().iterator().next() + "\" in \"" + spec + "\"");
        }
        return new CacheSpec(type, ref, tag, "min".equalsIgnoreCase(mode));
    }
}
