package dev.strata.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugin's parameters after {@code -Dstrata.*} overrides, defaults and checks: what a goal
 * turns into a build request.
 */
record PluginConfig(
        Path dockerfile,
        Path contextDirectory,
        List<String> tags,
        Map<String, String> buildArgs,
        Optional<String> target,
        Map<String, String> labels,
        Optional<String> platform,
        List<String> outputs,
        List<String> buildContexts,
        boolean noCache,
        List<String> insecureRegistries,
        List<String> cacheFrom,
        List<String> cacheTo,
        Optional<Path> root,
        Optional<String> compression,
        Optional<Instant> sourceDateEpoch,
        boolean wallClockTime,
        Optional<String> pull,
        List<String> secrets,
        Optional<String> network,
        Optional<String> isolation,
        Optional<Path> runtime,
        boolean allowInsecureCredentials,
        boolean progressAtInfo,
        boolean sbom) {

    PluginConfig {
        tags = List.copyOf(tags);
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        outputs = List.copyOf(outputs);
        buildContexts = List.copyOf(buildContexts);
        insecureRegistries = List.copyOf(insecureRegistries);
        cacheFrom = List.copyOf(cacheFrom);
        cacheTo = List.copyOf(cacheTo);
        secrets = List.copyOf(secrets);
    }

    /** This configuration with other tags, registry caches and pull policy (offline mode, default tags). */
    PluginConfig with(List<String> newTags, List<String> newCacheFrom, List<String> newCacheTo, Optional<String> newPull) {
        return new PluginConfig(dockerfile, contextDirectory, newTags, buildArgs, target, labels, platform, outputs,
                buildContexts, noCache, insecureRegistries, newCacheFrom, newCacheTo, root, compression,
                sourceDateEpoch, wallClockTime, newPull, secrets, network, isolation, runtime, allowInsecureCredentials,
                progressAtInfo, sbom);
    }

    /** Reads {@code mojo}'s parameters, letting {@code strata.*} user properties win. */
    static PluginConfig resolve(AbstractStrataMojo mojo, StrataProperties p) throws InvalidParameterException {
        Path basedir = mojo.project.getBasedir().toPath();
        Path dockerfile = path(basedir, p.get("dockerfile"), mojo.dockerfile);
        Path context = path(basedir, p.get("contextDirectory"), mojo.contextDirectory);
        if (!Files.isRegularFile(dockerfile)) {
            throw new InvalidParameterException("<dockerfile> " + dockerfile + " does not exist"
                    + " (set <dockerfile> in the plugin's <configuration>, or -Dstrata.dockerfile=PATH)");
        }
        if (!Files.isDirectory(context)) {
            throw new InvalidParameterException("<contextDirectory> " + context + " is not a directory"
                    + " (set <contextDirectory>, or -Dstrata.contextDirectory=DIR)");
        }
        String epoch = p.string("sourceDateEpoch", mojo.sourceDateEpoch);
        String rootValue = p.string("root", mojo.root == null ? null : mojo.root.getPath());
        return new PluginConfig(
                dockerfile,
                context,
                p.list("tags", mojo.tags),
                p.map("buildArgs", nullToEmpty(mojo.buildArgs)),
                optional(p.string("target", mojo.target)),
                p.map("labels", nullToEmpty(mojo.labels)),
                platform(p.string("platform", mojo.platform), p.list("platforms", mojo.platforms)),
                p.specs("outputs", mojo.outputs),
                p.list("buildContexts", mojo.buildContexts),
                p.flag("noCache", mojo.noCache),
                p.list("insecureRegistries", mojo.insecureRegistries),
                p.specs("cacheFrom", mojo.cacheFrom),
                p.specs("cacheTo", mojo.cacheTo),
                optional(rootValue).map(r -> basedir.resolve(r).normalize()),
                optional(p.string("compression", mojo.compression)),
                SourceDateEpoch.parse(epoch),
                "now".equalsIgnoreCase(epoch == null ? "" : epoch.trim()),
                optional(p.string("pull", mojo.pull)),
                p.specs("secrets", mojo.secrets),
                optional(p.string("network", mojo.network)),
                optional(p.string("isolation", mojo.isolation)),
                optional(p.string("runtime", mojo.runtime == null ? null : mojo.runtime.getPath())).map(Path::of),
                p.flag("allowInsecureCredentials", mojo.allowInsecureCredentials),
                progressAtInfo(p.string("progress", mojo.progress)),
                p.flag("sbom", mojo.sbom));
    }

    private static boolean progressAtInfo(String progress) throws InvalidParameterException {
        String value = progress == null || progress.isBlank() ? "auto" : progress.trim();
        return switch (value) {
            case "auto" -> false;
            case "plain" -> true;
            default -> throw new InvalidParameterException("<progress>: \"" + value + "\" is not supported (auto or plain)");
        };
    }

    /** {@code <platforms>} joined as the builder's comma-separated multi-platform {@code --platform}. */
    private static Optional<String> platform(String platform, List<String> platforms) throws InvalidParameterException {
        List<String> list = platforms.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            return optional(platform);
        }
        if (platform != null && !platform.isBlank()) {
            throw new InvalidParameterException("<platform> and <platforms> are both set: use <platforms> alone"
                    + " (list " + platform.trim() + " in it)");
        }
        return Optional.of(String.join(",", list));
    }

    private static Path path(Path basedir, Optional<String> override, File configured) {
        if (override.isPresent()) {
            return basedir.resolve(override.get().trim()).normalize();
        }
        return basedir.resolve(configured.toPath()).normalize();
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Map<String, String> nullToEmpty(Map<String, String> map) {
        // Maven gives a null value for an empty element (<VERSION/>); docker's --build-arg VERSION= is "".
        if (map == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return copy;
    }
}
