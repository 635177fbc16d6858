package dev.strata.builder.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code RUN --mount=...} value, parsed as BuildKit parses it (CSV of {@code key=value};
 * {@code type} defaults to {@code bind}). Paths are as written; {@link #target()} is absolute.
 *
 * @param source for bind: the path in the context or in {@code from}; for secret: unused
 * @param from for bind: the stage, image or named context to read from ({@code ""}: the build context)
 * @param id cache id (defaults to the target), secret id (defaults to the target's base name) or ssh id
 *     (defaults to {@code default}); an ssh mount's target is empty until the step numbers it
 * @param readWrite whether writes are allowed (bind: discarded after the step)
 * @param mode octal file mode ({@code -1} when not given)
 * @param uid owner ({@code -1} when not given), {@code gid} likewise
 * @param size tmpfs size in bytes ({@code 0}: the kernel's default)
 * @param required secret, ssh: fail when the secret or agent is not provided
 * @param env secret: also (or instead) expose it as this environment variable
 */
public record MountSpec(Type type, String target, String source, String from, String id, Sharing sharing,
        boolean readWrite, int mode, long uid, long gid, long size, boolean required, String env) {

    /** Mount types of {@code RUN --mount}. */
    public enum Type { BIND, CACHE, TMPFS, SECRET, SSH }

    /** How concurrent builds share a cache mount. */
    public enum Sharing { SHARED, PRIVATE, LOCKED }

    public MountSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(env, "env");
    }

    /** This mount at {@code newTarget}. */
    public MountSpec withTarget(String newTarget) {
        return new MountSpec(type, newTarget, source, from, id, sharing, readWrite, mode, uid, gid, size, required, env);
    }

    /**
     * Parses {@code value}, e.g. {@code type=cache,target=/root/.cache,sharing=locked}.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad part
     */
    public static MountSpec parse(String value) {
        MountSpecParser parser = new MountSpecParser();
        for (String field : csv(value)) {
            parser.field(field);
        }
        return parser.build();
    }

    /** Splits one CSV record as Go's encoding/csv does for a single line (double quotes group). */
    static List<String> csv(String value) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in --mount=" + value);
        }
        fields.add(current.toString());
        return fields;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
