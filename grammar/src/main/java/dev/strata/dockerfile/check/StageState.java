package dev.strata.dockerfile.check;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the checks track while walking a stage, as BuildKit's dispatch state does: variables
 * in scope, declared ARG names, whether SHELL or an absolute WORKDIR was set. A stage built on
 * an earlier stage starts from a copy of that stage's end state. Not thread-safe.
 */
final class StageState {
    /** BuildKit sets PATH in every stage whose image does not. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    final Map<String, String> env;
    final Set<String> argNames;
    /** Whether every variable the stage starts with is known, so that UndefinedVar may report. */
    final boolean envKnown;
    boolean shellSet;
    boolean workdirSet;
    /** The stage's OS as its FROM --platform names it ({@code windows} or {@code linux}). */
    String os = "linux";

    private StageState(Map<String, String> env, Set<String> argNames, boolean envKnown, boolean shellSet,
            boolean workdirSet) {
        this.env = env;
        this.argNames = argNames;
        this.envKnown = envKnown;
        this.shellSet = shellSet;
        this.workdirSet = workdirSet;
    }

    /** The start of a stage on an image with this {@code KEY=value} environment, if known. */
    static StageState fromImage(Optional<List<String>> imageEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : imageEnv.orElse(List.of())) {
            int eq = entry.indexOf('=');
            env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return new StageState(env, new LinkedHashSet<>(), imageEnv.isPresent(), false, false);
    }

    /**
     * Sets a variable. Past 8 MiB of values (the build refuses such a stage, naming the line)
     * the value is dropped and only the name kept, so that checks cannot be made to hold
     * gigabytes by a short Dockerfile of {@code ARG bN=$big} lines.
     */
    void set(String name, String value) {
        String old = env.get(name);
        long size = valueBytes - (old == null ? 0 : old.length()) + value.length();
        if (size > MAX_VALUE_BYTES) {
            value = "";
            size = valueBytes - (old == null ? 0 : old.length());
        }
        env.put(name, value);
        valueBytes = size;
    }

    private static final long MAX_VALUE_BYTES = 8L << 20;
    private long valueBytes;

    StageState copy() {
        StageState copy = new StageState(new LinkedHashMap<>(env), new LinkedHashSet<>(argNames), envKnown, shellSet,
                workdirSet);
        copy.valueBytes = valueBytes;
        copy.os = os;
        return copy;
    }
}
