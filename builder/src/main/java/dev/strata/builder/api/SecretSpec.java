package dev.strata.builder.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code --secret id=NAME,src=FILE} or {@code --secret id=NAME,env=VAR}: content a
 * {@code RUN --mount=type=secret} can read, never stored in a layer, history or log.
 */
public record SecretSpec(String id, Optional<Path> file, Optional<String> env) {
    public SecretSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        if (file.isPresent() == env.isPresent()) {
            throw new IllegalArgumentException("secret \"" + id + "\" needs exactly one of src= or env=");
        }
    }

    /** Parses {@code id=NAME,src=FILE}, {@code id=NAME,env=VAR}, or {@code id=NAME} (env var NAME). */
    public static SecretSpec parse(String spec) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid secret \"" + spec + "\": expected id=NAME,src=FILE or id=NAME,env=VAR");
            }
            attrs.put(part.substring(0, eq).toLowerCase(Locale.ROOT), part.substring(eq + 1));
        }
        String id = attrs.remove("id");
        String src = attrs.remove("src");
        if (src == null) {
            src = attrs.remove("source");
        }
        String env = attrs.remove("env");
        attrs.remove("type");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("invalid secret \"" + spec + "\": id= is required");
        }
        if (!attrs.isEmpty()) {
            throw new IllegalArgumentException("unsupported secret attribute \"" + attrs.keySet().iterator().next() + "\"");
        }
        if (src == null && env == null) {
            env = id;
        }
        return new SecretSpec(id, Optional.ofNullable(src).map(Path::of), Optional.ofNullable(env));
    }
}
