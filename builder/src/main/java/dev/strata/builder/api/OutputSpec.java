package dev.strata.builder.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code -o} output, in BuildKit's spelling: {@code type=oci,dest=FILE.tar} (OCI archive),
 * {@code type=oci,dest=DIR,tar=false} (OCI image layout directory), {@code type=docker,dest=FILE.tar}
 * (docker-archive), {@code type=registry} (push the {@code -t} names).
 *
 * @param type what to write
 * @param dest where, absent only for {@code registry}
 * @param tar false for an OCI layout directory instead of an archive
 * @param name the image name written into the output, if given ({@code name=app:1})
 */
public record OutputSpec(Type type, Optional<Path> dest, boolean tar, Optional<String> name) {

    /** The output kinds. */
    public enum Type {
        OCI,
        DOCKER,
        REGISTRY
    }

    public OutputSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dest, "dest");
        Objects.requireNonNull(name, "name");
        if (type != Type.REGISTRY && dest.isEmpty()) {
            throw new IllegalArgumentException("output type=" + type.name().toLowerCase(Locale.ROOT)
                    + " needs dest=PATH");
        }
        if (type == Type.DOCKER && !tar) {
            throw new IllegalArgumentException("output type=docker is always a tar archive (drop tar=false)");
        }
    }

    /**
     * Parses {@code key=value[,key=value]...}.
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static OutputSpec parse(String spec) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid output \"" + spec
                        + "\": expected key=value pairs such as type=oci,dest=image.tar");
            }
            attrs.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        String typeName = attrs.remove("type");
        if (typeName == null) {
            throw new IllegalArgumentException("invalid output \"" + spec + "\": type= is required (oci, docker or registry)");
        }
        Type type = switch (typeName.toLowerCase(Locale.ROOT)) {
            case "oci" -> Type.OCI;
            case "docker" -> Type.DOCKER;
            case "registry" -> Type.REGISTRY;
            default -> throw new IllegalArgumentException("unsupported output type \"" + typeName
                    + "\" (supported: oci, docker, registry)");
        };
        Optional<Path> dest = Optional.ofNullable(attrs.remove("dest")).filter(s -> !s.isEmpty()).map(Path::of);
        boolean tar = parseBool("tar", Optional.ofNullable(attrs.remove("tar")).orElse("true"));
        Optional<String> name = Optional.ofNullable(attrs.remove("name")).filter(s -> !s.isEmpty());
        if (type == Type.REGISTRY) {
            String push = attrs.remove("push");
            if (push != null && !parseBool("push", push)) {
                throw new IllegalArgumentException("output type=registry always pushes (push=false makes no sense)");
            }
        }
        if (!attrs.isEmpty()) {
            throw new IllegalArgumentException("unsupported output attribute \"" + attrs.keySet().iterator().next()
                    + "\" in \"" + spec + "\"");
        }
        return new OutputSpec(type, dest, tar, name);
    }

    private static boolean parseBool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("invalid value \"" + value + "\" for " + key + " (true or false)");
        };
    }
}
