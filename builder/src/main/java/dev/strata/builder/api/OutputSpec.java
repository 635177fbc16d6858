package dev.strata.builder.api;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code -o} output, in buildx's spelling: {@code type=oci,dest=FILE.tar} (OCI archive),
 * {@code type=oci,dest=DIR,tar=false} (OCI image layout directory), {@code type=docker,dest=FILE.tar}
 * (docker-archive), {@code type=local,dest=DIR} (the final stage's files), {@code type=tar,dest=FILE}
 * (the same files as one tar), {@code type=image[,name=A,push=true]} (the local store, pushed when
 * asked), {@code type=registry} (push). A bare {@code DIR} means {@code type=local,dest=DIR} and a
 * bare {@code -} means {@code type=tar,dest=-}; {@code dest=-} writes an archive to standard output
 * (the front end hands the stream over with {@link #withStream}). Values with commas are quoted as in
 * CSV: {@code type=image,"name=a:1,b:1",push=true}.
 *
 * @param type what to write
 * @param dest where, for the file types; {@code -} for standard output
 * @param tar false for an OCI layout directory instead of an archive
 * @param names the image names written into the output or stored and pushed ({@code name=}); empty: the {@code -t} names
 * @param push whether a {@code type=image} output is pushed to the registries of its names
 * @param stream where {@code dest=-} goes (standard output, given by the front end)
 */
public record OutputSpec(Type type, Optional<Path> dest, boolean tar, List<String> names, boolean push,
        Optional<OutputStream> stream) {

    /** The output kinds. */
    public enum Type {
        OCI,
        DOCKER,
        REGISTRY,
        IMAGE,
        LOCAL,
        TAR;

        String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String STDOUT = "-";

    public OutputSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dest, "dest");
        names = List.copyOf(names);
        Objects.requireNonNull(stream, "stream");
        boolean needsDest = type == Type.OCI || type == Type.DOCKER || type == Type.LOCAL || type == Type.TAR;
        if (needsDest && dest.isEmpty()) {
            throw new IllegalArgumentException("output type=" + type.spelling() + " needs dest=PATH");
        }
        if (!needsDest && dest.isPresent()) {
            throw new IllegalArgumentException("output type=" + type.spelling() + " takes no dest=");
        }
        if (type == Type.DOCKER && !tar) {
            throw new IllegalArgumentException("output type=docker is always a tar archive (drop tar=false)");
        }
        if (type == Type.LOCAL && dest.map(OutputSpec::isStdout).orElse(false)) {
            throw new IllegalArgumentException("output type=local writes a directory, not standard output (use type=tar,dest=-)");
        }
        if (type == Type.OCI && !tar && dest.map(OutputSpec::isStdout).orElse(false)) {
            throw new IllegalArgumentException("output type=oci,tar=false writes a directory, not standard output");
        }
        if (push && type != Type.IMAGE && type != Type.REGISTRY) {
            throw new IllegalArgumentException("push=true applies to type=image only");
        }
    }

    /** The older form: one optional {@code name=} (comma-separated names allowed), no push. */
    public OutputSpec(Type type, Optional<Path> dest, boolean tar, Optional<String> name) {
        this(type, dest, tar, name.map(OutputSpec::splitNames).orElse(List.of()), type == Type.REGISTRY, Optional.empty());
    }

    /** The names as given with {@code name=}, comma-separated, if any. */
    public Optional<String> name() {
        return names.isEmpty() ? Optional.empty() : Optional.of(String.join(",", names));
    }

    /** Whether this output goes to standard output ({@code dest=-}). */
    public boolean toStdout() {
        return dest.map(OutputSpec::isStdout).orElse(false);
    }

    /** Whether this output pushes to a registry ({@code type=registry}, {@code type=image,push=true}). */
    public boolean pushes() {
        return type == Type.REGISTRY || (type == Type.IMAGE && push);
    }

    /** This output writing its archive to {@code out} (for {@code dest=-}). */
    public OutputSpec withStream(OutputStream out) {
        return new OutputSpec(type, dest, tar, names, push, Optional.of(out));
    }

    /** This output with another destination (a front end resolving a relative one). */
    public OutputSpec withDest(Path path) {
        return new OutputSpec(type, Optional.of(path), tar, names, push, stream);
    }

    private static boolean isStdout(Path p) {
        return p.toString().equals(STDOUT);
    }

    /**
     * Parses {@code key=value[,key=value]...}, or a bare path (local) or {@code -} (tar to standard output).
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static OutputSpec parse(String spec) {
        if (spec.equals(STDOUT)) {
            return new OutputSpec(Type.TAR, Optional.of(Path.of(STDOUT)), true, List.of(), false, Optional.empty());
        }
        if (!spec.contains("=")) {
            if (spec.isBlank()) {
                throw new IllegalArgumentException("invalid output \"\": give a directory, - or type=...");
            }
            return new OutputSpec(Type.LOCAL, Optional.of(Path.of(spec)), true, List.of(), false, Optional.empty());
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : csvFields(spec)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid output \"" + spec
                        + "\": expected key=value pairs such as type=oci,dest=image.tar");
            }
            attrs.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        String typeName = attrs.remove("type");
        if (typeName == null) {
            throw new IllegalArgumentException("invalid output \"" + spec
                    + "\": type= is required (local, tar, oci, docker, image or registry)");
        }
        Type type = switch (typeName.toLowerCase(Locale.ROOT)) {
            case "oci" -> Type.OCI;
            case "docker" -> Type.DOCKER;
            case "registry" -> Type.REGISTRY;
            case "image" -> Type.IMAGE;
            case "local" -> Type.LOCAL;
            case "tar" -> Type.TAR;
            default -> throw new IllegalArgumentException("unsupported output type \"" + typeName
                    + "\" (supported: local, tar, oci, docker, image, registry)");
        };
        Optional<Path> dest = Optional.ofNullable(attrs.remove("dest")).filter(s -> !s.isEmpty()).map(Path::of);
        boolean tar = parseBool("tar", Optional.ofNullable(attrs.remove("tar")).orElse("true"));
        List<String> names = Optional.ofNullable(attrs.remove("name")).map(OutputSpec::splitNames).orElse(List.of());
        boolean push = false;
        String pushValue = attrs.remove("push");
        if (type == Type.REGISTRY) {
            if (pushValue != null && !parseBool("push", pushValue)) {
                throw new IllegalArgumentException("output type=registry always pushes (push=false makes no sense)");
            }
            push = true;
        } else if (pushValue != null) {
            push = parseBool("push", pushValue);
        }
        if (!attrs.isEmpty()) {
            throw new IllegalArgumentException("unsupported output attribute \"" + attrs.keySet().iterator().next()
                    + "\" in \"" + spec + "\"");
        }
        return new OutputSpec(type, dest, tar, names, push, Optional.empty());
    }

    private static List<String> splitNames(String value) {
        List<String> names = new ArrayList<>();
        for (String n : value.split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        return names;
    }

    /** The fields of one CSV record, as buildx reads {@code -o}: double quotes keep commas, {@code ""} is a quote. */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("invalid output \"" + line + "\": unterminated quote");
        }
        fields.add(field.toString());
        return fields;
    }

    private static boolean parseBool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("invalid value \"" + value + "\" for " + key + " (true or false)");
        };
    }
}
