package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OCI image configuration. Unknown fields are kept (in {@code extra}) so a base image's
 * config survives a read-modify-write. {@code created} stays a string, exactly as written.
 */
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        String osVersion,
        List<String> osFeatures,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history,
        Map<String, JsonNode> extra) {

    public ImageConfig {
        osFeatures = Extra.list(osFeatures);
        rootfs = rootfs == null ? RootFs.of(List.of()) : rootfs;
        history = history == null ? null : List.copyOf(history);
        extra = Extra.copy(extra);
    }

    /** An empty image for {@code platform} ({@code FROM scratch}). */
    public static ImageConfig scratch(Platform platform) {
        return new ImageConfig(null, null, platform.architecture(), platform.os(), platform.osVersion(), platform.osFeatures(),
                platform.variant(), ContainerConfig.empty(), RootFs.of(List.of()), List.of(), null);
    }

    /** RFC 3339 in UTC, as Go formats it: {@code 1970-01-01T00:00:00Z}. */
    public static String formatTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** The platform this image is for. */
    public Platform platform() {
        return new Platform(architecture, os, osVersion, osFeatures, variant, null, null);
    }

    /** The container config, never null. */
    public ContainerConfig containerConfig() {
        return config == null ? ContainerConfig.empty() : config;
    }

    public ImageConfig withCreated(String newCreated) {
        return new ImageConfig(newCreated, author, architecture, os, osVersion, osFeatures, variant, config, rootfs, history, extra);
    }

    public ImageConfig withAuthor(String newAuthor) {
        return new ImageConfig(created, newAuthor, architecture, os, osVersion, osFeatures, variant, config, rootfs, history, extra);
    }

    public ImageConfig withConfig(ContainerConfig newConfig) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, newConfig, rootfs, history, extra);
    }

    public ImageConfig withRootFs(RootFs newRootfs) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, newRootfs, history, extra);
    }

    public ImageConfig withHistory(List<History> newHistory) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs, newHistory, extra);
    }

    /** This config with one more history entry. */
    public ImageConfig addHistory(History entry) {
        List<History> list = history == null ? new ArrayList<>() : new ArrayList<>(history);
        list.add(entry);
        return withHistory(list);
    }

    /** This config with a diff ID appended to {@code rootfs.diff_ids}. */
    public ImageConfig addDiffId(dev.strata.builder.hash.Digest diffId) {
        List<dev.strata.builder.hash.Digest> ids = new ArrayList<>(rootfs.diffIds());
        ids.add(diffId);
        return withRootFs(new RootFs(rootfs.type(), ids, rootfs.extra()));
    }
}
