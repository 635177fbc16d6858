package dev.strata.builder.engine;

import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.ContainerConfig;
import dev.strata.builder.oci.Healthcheck;
import dev.strata.builder.oci.History;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.oci.RootFs;
import dev.strata.builder.steps.HistoryEntry;
import dev.strata.builder.steps.ImageConfigState;
import dev.strata.builder.steps.StageState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Moves image configs between the OCI model and a stage's working state. */
final class ImageConfigs {
    private ImageConfigs() {}

    /** Starts a stage's state from a base image's config: runtime config, platform, author, history. */
    static void load(ImageConfig image, StageState s) {
        ContainerConfig c = image.containerConfig();
        ImageConfigState st = s.config;
        st.user = c.user() == null ? "" : c.user();
        if (c.exposedPorts() != null) {
            st.exposedPorts.addAll(c.exposedPorts());
        }
        if (c.env() != null) {
            st.env.addAll(c.env());
        }
        st.entrypoint = c.entrypoint();
        st.cmd = c.cmd();
        if (c.volumes() != null) {
            st.volumes.addAll(c.volumes());
        }
        st.workingDir = c.workingDir() == null ? "" : c.workingDir();
        if (c.labels() != null) {
            st.labels.putAll(c.labels());
        }
        st.stopSignal = c.stopSignal() == null ? "" : c.stopSignal();
        st.argsEscaped = Boolean.TRUE.equals(c.argsEscaped());
        st.shell = c.shell();
        if (c.healthcheck() != null) {
            Healthcheck h = c.healthcheck();
            st.healthcheck = new dev.strata.builder.steps.Healthcheck(h.test() == null ? List.of() : h.test(),
                    nz(h.interval()), nz(h.timeout()), nz(h.startPeriod()), nz(h.startInterval()),
                    h.retries() == null ? 0 : h.retries());
        }
        if (c.onBuild() != null) {
            st.onBuild.addAll(c.onBuild());
        }
        if (image.os() != null) {
            s.os = image.os();
        }
        if (image.architecture() != null) {
            s.architecture = image.architecture();
        }
        s.variant = image.variant() == null ? "" : image.variant();
        s.author = image.author() == null ? "" : image.author();
        if (image.history() != null) {
            image.history().forEach(h -> s.history.add(StageRunner.history(h)));
        }
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }

    /**
     * The final image config: the stage's state over the base config (whose unknown fields are
     * kept), plus {@code --label}s, created at {@code created}.
     */
    static ImageConfig build(StageResult result, List<Layer> layers, Map<String, String> extraLabels, String created) {
        StageState s = result.state();
        ImageConfigState st = s.config;
        ImageConfig base = result.base();
        TreeMap<String, String> labels = new TreeMap<>(st.labels);
        labels.putAll(extraLabels);
        Healthcheck health = null;
        if (st.healthcheck != null) {
            var h = st.healthcheck;
            health = new Healthcheck(h.test(), h.intervalNanos() == 0 ? null : h.intervalNanos(),
                    h.timeoutNanos() == 0 ? null : h.timeoutNanos(), h.startPeriodNanos() == 0 ? null : h.startPeriodNanos(),
                    h.startIntervalNanos() == 0 ? null : h.startIntervalNanos(), h.retries() == 0 ? null : h.retries(), null);
        }
        ContainerConfig config = new ContainerConfig(
                emptyToNull(st.user),
                st.exposedPorts.isEmpty() ? null : new TreeSet<>(st.exposedPorts),
                st.env.isEmpty() ? null : List.copyOf(st.env),
                st.entrypoint,
                st.cmd,
                st.volumes.isEmpty() ? null : new TreeSet<>(st.volumes),
                emptyToNull(st.workingDir),
                labels.isEmpty() ? null : labels,
                emptyToNull(st.stopSignal),
                st.argsEscaped ? Boolean.TRUE : null,
                health,
                st.onBuild.isEmpty() ? null : List.copyOf(st.onBuild),
                st.shell,
                base.containerConfig().extra());
        List<History> history = new ArrayList<>();
        for (HistoryEntry h : s.history) {
            history.add(new History(h.created().orElse(null), h.createdBy().orElse(null), h.author().orElse(null),
                    h.comment().orElse(null), h.emptyLayer(), null));
        }
        RootFs rootfs = RootFs.of(layers.stream().map(Layer::diffId).toList());
        return new ImageConfig(created, emptyToNull(s.author), s.architecture, s.os, base.osVersion(), base.osFeatures(),
                emptyToNull(s.variant), config, rootfs, history.isEmpty() ? null : history, base.extra());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
