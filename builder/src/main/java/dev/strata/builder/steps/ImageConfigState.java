package dev.strata.builder.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The runtime config of the image a stage is building ({@code config} in the OCI image config),
 * changed by metadata instructions. Mutable, not thread-safe: one per stage.
 */
public final class ImageConfigState {
    public String user = "";
    public final TreeSet<String> exposedPorts = new TreeSet<>();
    /** {@code KEY=value}, in the order first set, as Docker keeps them. */
    public final List<String> env = new ArrayList<>();
    /** Null when not set (distinct from an empty list, which Docker stores as {@code []}). */
    public List<String> entrypoint;
    public List<String> cmd;
    public final TreeSet<String> volumes = new TreeSet<>();
    public String workingDir = "";
    public final TreeMap<String, String> labels = new TreeMap<>();
    public String stopSignal = "";
    public boolean argsEscaped;
    public List<String> shell;
    public Healthcheck healthcheck;
    public final List<String> onBuild = new ArrayList<>();

    /** A deep copy, for a stage built FROM another stage. */
    public ImageConfigState copy() {
        ImageConfigState c = new ImageConfigState();
        c.user = user;
        c.exposedPorts.addAll(exposedPorts);
        c.env.addAll(env);
        c.entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        c.cmd = cmd == null ? null : List.copyOf(cmd);
        c.volumes.addAll(volumes);
        c.workingDir = workingDir;
        c.labels.putAll(labels);
        c.stopSignal = stopSignal;
        c.argsEscaped = argsEscaped;
        c.shell = shell == null ? null : List.copyOf(shell);
        c.healthcheck = healthcheck;
        c.onBuild.addAll(onBuild);
        return c;
    }

    /** Sets or replaces an environment variable, keeping its position (BuildKit {@code addEnv}). */
    public void setEnv(String key, String value) {
        for (int i = 0; i < env.size(); i++) {
            if (envKey(env.get(i)).equals(key)) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    /**
     * Sets several variables as {@link #setEnv(String, String)} does one by one, in one pass
     * over the environment (a base image may hold 100,000 variables).
     */
    public void setEnv(List<String[]> pairs) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < env.size(); i++) {
            index.putIfAbsent(envKey(env.get(i)), i);
        }
        for (String[] pair : pairs) {
            Integer at = index.get(pair[0]);
            if (at != null) {
                env.set(at, pair[0] + "=" + pair[1]);
            } else {
                index.put(pair[0], env.size());
                env.add(pair[0] + "=" + pair[1]);
            }
        }
    }

    public Optional<String> getEnv(String key) {
        for (String e : env) {
            if (envKey(e).equals(key)) {
                int eq = e.indexOf('=');
                return Optional.of(eq < 0 ? "" : e.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    /** The environment as a map (later duplicates win). */
    public Map<String, String> envMap() {
        Map<String, String> map = new TreeMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            map.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return map;
    }

    private static String envKey(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    /** The shell for shell-form commands: SHELL, or {@code ["/bin/sh", "-c"]}. */
    public List<String> shellOrDefault() {
        return shell != null ? shell : List.of("/bin/sh", "-c");
    }
}
