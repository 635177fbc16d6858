package dev.strata.builder.steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build arguments in scope in one stage, as Docker resolves them: an {@code ARG} brings a
 * name in; its value is the {@code --build-arg} value, else its default, else the value of the
 * global ARG of that name (or the automatic platform arg). Proxy args are visible to RUN without
 * being declared. Mutable, not thread-safe: one per stage.
 */
public final class ArgScope {
    /** Docker's predefined proxy args: usable in RUN without ARG, kept out of history. */
    public static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> buildArgs;
    private final Map<String, Optional<String>> metaArgs;
    private final LinkedHashMap<String, Optional<String>> declared = new LinkedHashMap<>();

    public ArgScope(Map<String, String> buildArgs, Map<String, Optional<String>> metaArgs) {
        this.buildArgs = Map.copyOf(buildArgs);
        this.metaArgs = metaArgs;
    }

    /**
     * Declares an ARG in this stage. An ARG that finds no value keeps the one an earlier ARG of
     * the name gave (here or in the stage this one is built on): BuildKit keeps ARG values in the
     * stage's environment, which a valueless ARG does not touch. A name keeps its first place, as
     * in the {@code |N K=v} of RUN's history.
     *
     * @param expandedDefault the default value after expansion, if the ARG has one
     */
    public void declare(String name, Optional<String> expandedDefault) {
        Optional<String> value = given(name, expandedDefault);
        if (value.isEmpty()) {
            value = declared.getOrDefault(name, Optional.empty());
        }
        declared.put(name, value);
    }

    /**
     * The value an ARG itself gives, as its history shows it ({@code ARG name=value}): the
     * {@code --build-arg} value, else its default, else the global ARG's value.
     */
    public Optional<String> given(String name, Optional<String> expandedDefault) {
        if (buildArgs.containsKey(name)) {
            return Optional.of(buildArgs.get(name));
        }
        return expandedDefault.isPresent() ? expandedDefault : metaArgs.getOrDefault(name, Optional.empty());
    }

    /**
     * Brings in the args of the stage this one is built on ({@code FROM base}), with their values:
     * BuildKit's stage starts from its parent's state, whose environment holds them.
     */
    public void inherit(ArgScope parent) {
        parent.declared.forEach(declared::putIfAbsent);
    }

    /** Declared args that have a value, in declaration order. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        declared.forEach((k, v) -> v.ifPresent(s -> values.put(k, s)));
        return values;
    }

    /** Every declared arg (with or without value), in declaration order. */
    public Map<String, Optional<String>> declared() {
        return java.util.Collections.unmodifiableMap(declared);
    }

    /**
     * The build arg that carries the source date epoch (set from the build's epoch when the
     * command line does not give it, as buildx passes {@code $SOURCE_DATE_EPOCH} on).
     */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    /**
     * What RUN sees even if not declared: proxy values given as {@code --build-arg}, and the
     * source date epoch when the build clamps times to one, so that tools inside the step make
     * files that stay valid once clamped (Python then writes hash-checked {@code .pyc} files
     * instead of ones keyed on the source's mtime).
     */
    public Map<String, String> runOnlyValues() {
        Map<String, String> values = new LinkedHashMap<>();
        buildArgs.forEach((k, v) -> {
            if (PROXY_ARGS.contains(k) || k.equals(SOURCE_DATE_EPOCH)) {
                values.put(k, v);
            }
        });
        return values;
    }

    /**
     * The variables instructions expand against: the declared args with values, overridden by
     * the image's ENV ({@code env} wins, as in Docker).
     */
    public Map<String, String> expansionEnv(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(values());
        all.putAll(env);
        return all;
    }

    /** Copies this scope for a trigger or child context with the same args. */
    public ArgScope copy() {
        ArgScope c = new ArgScope(buildArgs, metaArgs);
        c.declared.putAll(declared);
        return c;
    }

    static List<String> keyValues(Map<String, String> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
