package dev.strata.builder.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one build needs. Make one with {@link #builder(Path)}.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile ({@code context/Dockerfile} unless set)
 * @param tags names to store the image under ({@code app:1}, {@code registry:5000/team/app})
 * @param buildArgs {@code --build-arg} values, by name
 * @param target the stage to build, or the last one
 * @param labels labels added to the final image
 * @param sourceDateEpoch the time every timestamp is clamped to; empty for wall-clock time
 * @param platform the target platforms ({@code linux/amd64}, or {@code linux/amd64,linux/arm64} for a
 *     multi-platform image index); empty for the host's
 * @param root the local store, an OCI image layout plus the step cache
 * @param pullPolicy when to fetch base images from registries
 * @param network default network for RUN ({@code host} or {@code none})
 * @param isolation how RUN executes ({@code auto}, {@code oci}, {@code userns}, {@code chroot})
 * @param runtime the OCI runtime binary, or found on PATH
 * @param cacheFrom registry caches imported before building ({@code --cache-from})
 * @param cacheTo registry caches the build's steps are exported to ({@code --cache-to})
 * @param format the image's manifest format ({@code --format oci|docker})
 * @param credentials registry credentials from the front end; they win over the Docker config
 * @param explainCache whether every step logs its full cache key document ({@code --explain-cache})
 * @param runOptions what every RUN gets: {@code --add-host}, {@code --ulimit}, {@code --shm-size}, {@code --allow}, {@code --ssh}
 * @param offline nothing is fetched or sent over the network ({@code mvn -o}): base images come
 *     from the store only, and ADD of a URL, pushes and registry caches fail with a message saying so
 * @param credentialsOverHttp whether credentials may be sent over plain HTTP to an insecure
 *     registry that is not on this machine (Docker does; jib-maven-plugin does not unless allowed);
 *     loopback registries always get them
 * @param noCacheFilter stages whose steps are built anew ({@code --no-cache-filter}; names lower-cased, or indexes)
 * @param annotations {@code --annotation}s for the manifest, the index and their descriptors
 * @param sourceDateEpochDefault true when no source date epoch was given: timestamps are clamped to
 *     1970, and the image's creation time is the last commit's when the context is in a git checkout
 * @param remoteContext where the context comes from when it is not the directory {@code context}
 *     (a git repository, a URL, standard input); {@link PreparedBuild} fetches it
 * @param attestations the SBOM and provenance to attach ({@code --sbom}, {@code --provenance})
 */
public record BuildRequest(
        Path context,
        DockerfileSource dockerfile,
        List<String> tags,
        Map<String, String> buildArgs,
        Optional<String> target,
        Map<String, String> labels,
        boolean noCache,
        List<OutputSpec> outputs,
        List<NamedContext> buildContexts,
        Optional<Instant> sourceDateEpoch,
        Optional<String> platform,
        Compression compression,
        Path root,
        BuildListener listener,
        PullPolicy pullPolicy,
        boolean push,
        Set<String> insecureRegistries,
        List<SecretSpec> secrets,
        String network,
        String isolation,
        Optional<Path> runtime,
        List<CacheSpec> cacheFrom,
        List<CacheSpec> cacheTo,
        ImageFormat format,
        List<RegistryCredential> credentials,
        boolean explainCache,
        RunOptions runOptions,
        boolean offline,
        boolean credentialsOverHttp,
        Set<String> noCacheFilter,
        List<Annotation> annotations,
        boolean sourceDateEpochDefault,
        Optional<RemoteSource> remoteContext,
        AttestationSpec attestations) {

    public BuildRequest {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(dockerfile, "dockerfile");
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        labels = Map.copyOf(labels);
        outputs = List.copyOf(outputs);
        buildContexts = List.copyOf(buildContexts);
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(pullPolicy, "pullPolicy");
        insecureRegistries = Set.copyOf(insecureRegistries);
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(runtime, "runtime");
        cacheFrom = List.copyOf(cacheFrom);
        cacheTo = List.copyOf(cacheTo);
        Objects.requireNonNull(format, "format");
        credentials = List.copyOf(credentials);
        Objects.requireNonNull(runOptions, "runOptions");
        noCacheFilter = Set.copyOf(noCacheFilter);
        annotations = List.copyOf(annotations);
        Objects.requireNonNull(remoteContext, "remoteContext");
        Objects.requireNonNull(attestations, "attestations");
    }

    /** This request with other contexts (what {@link PreparedBuild} fetched); everything else as it is. */
    BuildRequest withContexts(Path newContext, DockerfileSource newDockerfile, Optional<RemoteSource> newRemote,
            List<NamedContext> newBuildContexts) {
        return new BuildRequest(newContext, newDockerfile, tags, buildArgs, target, labels, noCache, outputs,
                newBuildContexts, sourceDateEpoch, platform, compression, root, listener, pullPolicy, push,
                insecureRegistries, secrets, network, isolation, runtime, cacheFrom, cacheTo, format, credentials,
                explainCache, runOptions, offline, credentialsOverHttp, noCacheFilter, annotations, sourceDateEpochDefault,
                newRemote, attestations);
    }

    /** A request builder for the given context directory, with Docker's defaults. */
    public static Builder builder(Path context) {
        return new Builder(context);
    }

    /**
     * The default store: {@code $STRATA_ROOT}, else {@code $XDG_DATA_HOME/strata}, else
     * {@code ~/.local/share/strata}.
     */
    public static Path defaultRoot(Map<String, String> env) {
        String root = env.get("STRATA_ROOT");
        if (root != null && !root.isEmpty()) {
            return Path.of(root);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "strata");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "strata");
    }

    /**
     * Parses a {@code --source-date-epoch} value: seconds since 1970, or {@code now} (empty result:
     * wall-clock time, nothing clamped).
     */
    public static Optional<Instant> parseSourceDateEpoch(String text) {
        if ("now".equalsIgnoreCase(text)) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(Instant.ofEpochSecond(seconds));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid source date epoch \"" + text
                    + "\" (seconds since 1970-01-01, or now)");
        }
    }

    /** Builds a {@link BuildRequest}; not thread-safe. */
    public static final class Builder {
        private final Path context;
        private DockerfileSource dockerfile;
        private final List<String> tags = new ArrayList<>();
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private String target;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private boolean noCache;
        private boolean explainCache;
        private final List<OutputSpec> outputs = new ArrayList<>();
        private final List<NamedContext> buildContexts = new ArrayList<>();
        private Optional<Instant> sourceDateEpoch = Optional.of(Instant.EPOCH);
        private boolean sourceDateEpochDefault = true;
        private String platform;
        private Compression compression = Compression.GZIP;
        private Path root;
        private BuildListener listener = BuildListener.NONE;
        private PullPolicy pullPolicy = PullPolicy.MISSING;
        private boolean push;
        private final Set<String> insecureRegistries = new LinkedHashSet<>();
        private final List<SecretSpec> secrets = new ArrayList<>();
        private String network = "host";
        private String isolation = "auto";
        private Path runtime;
        private final List<CacheSpec> cacheFrom = new ArrayList<>();
        private final List<CacheSpec> cacheTo = new ArrayList<>();
        private ImageFormat format = ImageFormat.OCI;
        private final List<RegistryCredential> credentials = new ArrayList<>();
        private RunOptions runOptions = RunOptions.DEFAULT;
        private boolean offline;
        private boolean credentialsOverHttp = true;
        private final Set<String> noCacheFilter = new LinkedHashSet<>();
        private final List<Annotation> annotations = new ArrayList<>();
        private RemoteSource remoteContext;
        private AttestationSpec attestations = AttestationSpec.NONE;

        private Builder(Path context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        public Builder dockerfile(DockerfileSource source) {
            this.dockerfile = source;
            return this;
        }

        public Builder tag(String tag) {
            tags.add(tag);
            return this;
        }

        public Builder tags(List<String> all) {
            tags.addAll(all);
            return this;
        }

        public Builder buildArg(String name, String value) {
            buildArgs.put(name, value);
            return this;
        }

        /** The value given so far to build argument {@code name}. */
        public Optional<String> buildArgValue(String name) {
            return Optional.ofNullable(buildArgs.get(name));
        }

        public Builder buildArgs(Map<String, String> all) {
            buildArgs.putAll(all);
            return this;
        }

        public Builder target(String stage) {
            this.target = stage;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> all) {
            labels.putAll(all);
            return this;
        }

        public Builder noCache(boolean value) {
            this.noCache = value;
            return this;
        }

        public Builder output(OutputSpec output) {
            outputs.add(output);
            return this;
        }

        public Builder buildContext(NamedContext named) {
            buildContexts.add(named);
            return this;
        }

        /**
         * Clamps every timestamp to this instant, the image's creation time too. Default: 1970-01-01,
         * and the creation time is the last commit's when the context is in a git checkout.
         */
        public Builder sourceDateEpoch(Instant epoch) {
            this.sourceDateEpoch = Optional.of(epoch);
            this.sourceDateEpochDefault = false;
            return this;
        }

        /** Uses wall-clock time and real file mtimes ({@code --source-date-epoch=now}). */
        public Builder wallClockTime() {
            this.sourceDateEpoch = Optional.empty();
            this.sourceDateEpochDefault = false;
            return this;
        }

        public Builder platform(String value) {
            this.platform = value;
            return this;
        }

        public Builder compression(Compression value) {
            this.compression = value;
            return this;
        }

        public Builder root(Path value) {
            this.root = value;
            return this;
        }

        public Builder listener(BuildListener value) {
            this.listener = value;
            return this;
        }

        public Builder pullPolicy(PullPolicy value) {
            this.pullPolicy = value;
            return this;
        }

        public Builder push(boolean value) {
            this.push = value;
            return this;
        }

        public Builder insecureRegistry(String hostPort) {
            insecureRegistries.add(hostPort);
            return this;
        }

        public Builder secret(SecretSpec secret) {
            secrets.add(secret);
            return this;
        }

        public Builder network(String value) {
            this.network = value;
            return this;
        }

        public Builder isolation(String value) {
            this.isolation = value;
            return this;
        }

        public Builder runtime(Path value) {
            this.runtime = value;
            return this;
        }

        public Builder cacheFrom(CacheSpec cache) {
            cacheFrom.add(cache);
            return this;
        }

        public Builder cacheTo(CacheSpec cache) {
            cacheTo.add(cache);
            return this;
        }

        public Builder format(ImageFormat value) {
            this.format = value;
            return this;
        }

        public Builder credential(RegistryCredential credential) {
            credentials.add(credential);
            return this;
        }

        public Builder explainCache(boolean value) {
            this.explainCache = value;
            return this;
        }

        public Builder runOptions(RunOptions value) {
            this.runOptions = value;
            return this;
        }

        /** Never touch the network ({@code mvn -o}); default false. */
        public Builder offline(boolean value) {
            this.offline = value;
            return this;
        }

        /** Whether credentials may cross plain HTTP to a non-loopback insecure registry; default true, as Docker. */
        public Builder credentialsOverHttp(boolean value) {
            this.credentialsOverHttp = value;
            return this;
        }

        /** Builds the steps of stage {@code stage} (name or index) anew ({@code --no-cache-filter}). */
        public Builder noCacheFilter(String stage) {
            noCacheFilter.add(stage.toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        public Builder annotation(Annotation annotation) {
            annotations.add(annotation);
            return this;
        }

        /**
         * Takes the context from a git repository, a URL or standard input instead of the
         * directory; a relative {@link #dockerfile} path is then a path inside that context.
         */
        public Builder remoteContext(RemoteSource source) {
            this.remoteContext = source;
            return this;
        }

        public Builder attestations(AttestationSpec value) {
            this.attestations = value;
            return this;
        }

        public BuildRequest build() {
            DockerfileSource df = dockerfile != null ? dockerfile
                    : new DockerfileSource.FromFile(remoteContext != null ? Path.of("Dockerfile") : context.resolve("Dockerfile"));
            Path store = root != null ? root : defaultRoot(System.getenv());
            return new BuildRequest(context, df, tags, buildArgs, Optional.ofNullable(target), labels, noCache,
                    outputs, buildContexts, sourceDateEpoch, Optional.ofNullable(platform), compression, store,
                    listener, pullPolicy, push, insecureRegistries, secrets, network, isolation,
                    Optional.ofNullable(runtime), cacheFrom, cacheTo, format, credentials, explainCache, runOptions,
                    offline, credentialsOverHttp, noCacheFilter, annotations, sourceDateEpochDefault,
                    Optional.ofNullable(remoteContext), attestations);
        }
    }
}
