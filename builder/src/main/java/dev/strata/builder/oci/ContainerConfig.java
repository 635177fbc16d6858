package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The image config's {@code config} object: how a container of the image runs. Field names
 * are Docker's capitalised ones; absent fields are null. Use {@link #toBuilder()} to change it.
 */
public record ContainerConfig(
        String user,
        Set<String> exposedPorts,
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        Set<String> volumes,
        String workingDir,
        Map<String, String> labels,
        String stopSignal,
        Boolean argsEscaped,
        Healthcheck healthcheck,
        List<String> onBuild,
        List<String> shell,
        Map<String, JsonNode> extra) {

    public ContainerConfig {
        exposedPorts = exposedPorts == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(exposedPorts));
        volumes = volumes == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(volumes));
        env = Extra.list(env);
        entrypoint = Extra.list(entrypoint);
        cmd = Extra.list(cmd);
        labels = Extra.sorted(labels);
        onBuild = Extra.list(onBuild);
        shell = Extra.list(shell);
        extra = Extra.copy(extra);
    }

    /** A config with no fields set. */
    public static ContainerConfig empty() {
        return new Builder().build();
    }

    /** The value of environment variable {@code name} in {@code Env}, or null. */
    public String envValue(String name) {
        if (env == null) {
            return null;
        }
        String prefix = name + "=";
        for (String entry : env) {
            if (entry.startsWith(prefix)) {
                return entry.substring(prefix.length());
            }
        }
        return null;
    }

    /** A mutable copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.user = user;
        b.exposedPorts = exposedPorts == null ? null : new TreeSet<>(exposedPorts);
        b.env = env;
        b.entrypoint = entrypoint;
        b.cmd = cmd;
        b.volumes = volumes == null ? null : new TreeSet<>(volumes);
        b.workingDir = workingDir;
        b.labels = labels == null ? null : new LinkedHashMap<>(labels);
        b.stopSignal = stopSignal;
        b.argsEscaped = argsEscaped;
        b.healthcheck = healthcheck;
        b.onBuild = onBuild;
        b.shell = shell;
        b.extra = extra;
        return b;
    }

    /** Builds a {@link ContainerConfig}; not thread-safe. */
    public static final class Builder {
        private String user;
        private SortedSet<String> exposedPorts;
        private List<String> env;
        private List<String> entrypoint;
        private List<String> cmd;
        private SortedSet<String> volumes;
        private String workingDir;
        private Map<String, String> labels;
        private String stopSignal;
        private Boolean argsEscaped;
        private Healthcheck healthcheck;
        private List<String> onBuild;
        private List<String> shell;
        private Map<String, JsonNode> extra;

        public Builder user(String value) { user = value; return this; }
        public Builder env(List<String> value) { env = value; return this; }
        public Builder entrypoint(List<String> value) { entrypoint = value; return this; }
        public Builder cmd(List<String> value) { cmd = value; return this; }
        public Builder workingDir(String value) { workingDir = value; return this; }
        public Builder stopSignal(String value) { stopSignal = value; return this; }
        public Builder argsEscaped(Boolean value) { argsEscaped = value; return this; }
        public Builder healthcheck(Healthcheck value) { healthcheck = value; return this; }
        public Builder onBuild(List<String> value) { onBuild = value; return this; }
        public Builder shell(List<String> value) { shell = value; return this; }

        /** Sets (or replaces) {@code name=value} in {@code Env}, keeping the variable's position. */
        public Builder putEnv(String name, String value) {
            List<String> updated = env == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(env);
            String prefix = name + "=";
            int at = -1;
            for (int i = 0; i < updated.size(); i++) {
                if (updated.get(i).startsWith(prefix) || updated.get(i).equals(name)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                updated.set(at, prefix + value);
            } else {
                updated.add(prefix + value);
            }
            env = updated;
            return this;
        }

        /** Adds a port such as {@code 80/tcp}. */
        public Builder exposePort(String port) {
            if (exposedPorts == null) {
                exposedPorts = new TreeSet<>();
            }
            exposedPorts.add(port);
            return this;
        }

        /** Adds a volume path. */
        public Builder addVolume(String path) {
            if (volumes == null) {
                volumes = new TreeSet<>();
            }
            volumes.add(path);
            return this;
        }

        /** Sets (or replaces) a label. */
        public Builder putLabel(String key, String value) {
            if (labels == null) {
                labels = new LinkedHashMap<>();
            }
            labels.put(key, value);
            return this;
        }

        public ContainerConfig build() {
            return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels,
                    stopSignal, argsEscaped, healthcheck, onBuild, shell, extra);
        }
    }
}
