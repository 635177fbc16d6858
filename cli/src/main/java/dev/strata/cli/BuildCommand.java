package dev.strata.cli;

import dev.strata.builder.api.Annotation;
import dev.strata.builder.api.AttestationSpec;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.api.ImageFormat;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.BuildListener;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.Compression;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.dockerfile.Dockerfiles;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.api.PreparedBuild;
import dev.strata.builder.api.RemoteSource;
import dev.strata.builder.api.PullPolicy;
import dev.strata.builder.api.Entitlement;
import dev.strata.builder.api.HostEntry;
import dev.strata.builder.api.RunOptions;
import dev.strata.builder.api.SecretSpec;
import dev.strata.builder.api.SshSpec;
import dev.strata.builder.api.Ulimit;
import dev.strata.cli.progress.ProgressMode;
import dev.strata.cli.progress.Renderer;
import dev.strata.cli.progress.Renderers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code strata build}: builds an image from a Dockerfile, with {@code docker build}'s flags. */
final class BuildCommand implements Callable<Integer> {
    String context;
    String file;
    List<String> tags = new ArrayList<>();
    List<String> buildArgs = new ArrayList<>();
    String target;
    List<String> labels = new ArrayList<>();
    boolean noCache;
    List<String> noCacheFilter = new ArrayList<>();
    List<String> annotations = new ArrayList<>();
    boolean explainCache;
    List<String> outputs = new ArrayList<>();
    List<String> buildContexts = new ArrayList<>();
    String sourceDateEpoch;
    String platform;
    String compression = "gzip";
    boolean quiet;
    Path iidfile;
    Path metadataFile;
    String progress = "auto";
    Path root;
    String pull;
    boolean push;
    List<String> insecureRegistries = new ArrayList<>();
    String format = "oci";
    List<String> cacheFrom = new ArrayList<>();
    List<String> cacheTo = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    String network = "host";
    List<String> addHosts = new ArrayList<>();
    List<String> ulimits = new ArrayList<>();
    String shmSize;
    List<String> allow = new ArrayList<>();
    List<String> ssh = new ArrayList<>();
    String isolation = "auto";
    Path runtime;
    Boolean sbom;
    String provenance;
    List<String> attests = new ArrayList<>();
    boolean check;
    private CommandSpec spec;

    /** This command's model, its fields bound to its options (declared without annotations: see {@link Options}). */
    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("build");
        spec.usageMessage().description("Build an image from a Dockerfile.").footerHeading("%nExamples:%n").footer(
                "  strata build -t hello:latest examples/hello",
                "  strata build --check .",
                "  strata build -f build/Dockerfile --target runtime -o type=oci,dest=app.tar .",
                "  strata build --build-context base=oci-layout:///tmp/layout:1.0 -t app .",
                "  skopeo inspect oci:$HOME/.local/share/strata:hello:latest");
        Options.standardHelp(spec);
        spec.addPositional(Options.positional("0", v -> context = v).paramLabel("CONTEXT")
                .description("The build context: a directory, a git URL (https://host/repo.git#ref:subdir, git@host:repo.git),"
                        + " an http(s) URL of a tar or a Dockerfile, or '-' (a tar or a Dockerfile on standard input).").build());
        spec.addOption(Options.value(String.class, null, v -> file = v, "-f", "--file").paramLabel("FILE")
                .description("The Dockerfile ('-' reads standard input). Default: CONTEXT/Dockerfile").build());
        spec.addOption(Options.values(tags, v -> tags = v, "-t", "--tag").paramLabel("NAME")
                .description("Name (and tag) for the image; repeatable.").build());
        spec.addOption(Options.values(buildArgs, v -> buildArgs = v, "--build-arg").paramLabel("KEY[=VALUE]")
                .description("A build-time variable; KEY alone takes the value from the environment.").build());
        spec.addOption(Options.value(String.class, null, v -> target = v, "--target").paramLabel("STAGE")
                .description("The stage to build.").build());
        spec.addOption(Options.values(labels, v -> labels = v, "--label").paramLabel("KEY=VALUE")
                .description("A label for the image; repeatable.").build());
        spec.addOption(Options.flag(v -> noCache = v, "--no-cache")
                .description("Do not use the cache: build every step anew.").build());
        spec.addOption(Options.values(noCacheFilter, v -> noCacheFilter = v, "--no-cache-filter").paramLabel("STAGE[,STAGE]").splitRegex(",")
                .description("Build these stages' steps anew (the others may come from the cache); repeatable.").build());
        spec.addOption(Options.values(annotations, v -> annotations = v, "--annotation").paramLabel("[PLACE:]KEY=VALUE")
                .description("An annotation; PLACE: manifest (default), index, manifest-descriptor, index-descriptor; repeatable.").build());
        spec.addOption(Options.flag(v -> explainCache = v, "--explain-cache")
                .description("Print the full cache key document of every step.").build());
        spec.addOption(Options.values(outputs, v -> outputs = v, "-o", "--output").paramLabel("SPEC")
                .description("An output: DIR | - | type=local,dest=DIR | type=tar,dest=FILE|- | type=oci,dest=FILE.tar|DIR,tar=false"
                        + " | type=docker,dest=FILE.tar | type=image[,name=A[,B]][,push=true] | type=registry; repeatable.").build());
        spec.addOption(Options.values(buildContexts, v -> buildContexts = v, "--build-context").paramLabel("NAME=SOURCE")
                .description("A named context: NAME=oci-layout:///path[:tag|@sha256:...], NAME=docker-image://REF,"
                        + " NAME=GIT-URL, NAME=https://URL or NAME=/dir.").build());
        spec.addOption(Options.value(String.class, null, v -> sourceDateEpoch = v, "--source-date-epoch").paramLabel("SECONDS")
                .description("Clamp timestamps to this time (or 'now'). Default: --build-arg SOURCE_DATE_EPOCH, then $SOURCE_DATE_EPOCH, else 0.").build());
        spec.addOption(Options.value(String.class, null, v -> platform = v, "--platform").paramLabel("OS/ARCH[,...]")
                .description("Target platforms, e.g. linux/amd64 or linux/amd64,linux/arm64 (one image index; foreign RUN needs QEMU: qemu-user-static).").build());
        spec.addOption(Options.value(String.class, compression, v -> compression = v, "--compression").paramLabel("gzip|zstd")
                .description("Layer compression (default gzip).").build());
        spec.addOption(Options.flag(v -> quiet = v, "-q", "--quiet")
                .description("Print only the image ID.").build());
        spec.addOption(Options.value(Path.class, null, v -> iidfile = v, "--iidfile").paramLabel("FILE")
                .description("Write the image ID to FILE.").build());
        spec.addOption(Options.value(Path.class, null, v -> metadataFile = v, "--metadata-file").paramLabel("FILE")
                .description("Write the build result as JSON to FILE.").build());
        spec.addOption(Options.value(String.class, progress, v -> progress = v, "--progress").paramLabel("auto|plain|tty|quiet")
                .description("Progress output (default auto).").build());
        spec.addOption(Options.value(Path.class, null, v -> root = v, "--root").paramLabel("DIR")
                .description("The local store. Default: $STRATA_ROOT, else ~/.local/share/strata.").build());
        spec.addOption(Options.value(String.class, null, v -> pull = v, "--pull").paramLabel("POLICY").arity("0..1").fallbackValue("always")
                .description("When to fetch base images: missing (default), always, never.").build());
        spec.addOption(Options.flag(v -> push = v, "--push")
                .description("Push the image to the registry of each -t name.").build());
        spec.addOption(Options.values(insecureRegistries, v -> insecureRegistries = v, "--insecure-registry").paramLabel("HOST[:PORT]")
                .description("Allow plain HTTP or unverified TLS for this registry; repeatable.").build());
        spec.addOption(Options.value(String.class, format, v -> format = v, "--format").paramLabel("oci|docker")
                .description("Manifest format of the image: oci (default) or docker (v2 schema 2; no zstd layers).").build());
        spec.addOption(Options.values(cacheFrom, v -> cacheFrom = v, "--cache-from").paramLabel("type=registry,ref=REF|type=local,src=DIR")
                .description("Import a step cache (a registry image or a local OCI layout) before building; repeatable.").build());
        spec.addOption(Options.values(cacheTo, v -> cacheTo = v, "--cache-to").paramLabel("type=registry,ref=REF|type=local,dest=DIR[,mode=min|max]")
                .description("Export the build's step cache and its layers (mode=max, the default: every stage; min: the final stage); repeatable.").build());
        spec.addOption(Options.values(secrets, v -> secrets = v, "--secret").paramLabel("id=NAME,src=FILE|env=VAR")
                .description("A secret for RUN --mount=type=secret.").build());
        spec.addOption(Options.value(String.class, network, v -> network = v, "--network").paramLabel("default|host|none")
                .description("Network for RUN steps (default: host's).").build());
        spec.addOption(Options.values(addHosts, v -> addHosts = v, "--add-host").paramLabel("HOST:IP")
                .description("Add a line to each RUN's /etc/hosts (IP may be host-gateway); repeatable.").build());
        spec.addOption(Options.values(ulimits, v -> ulimits = v, "--ulimit").paramLabel("TYPE=SOFT[:HARD]")
                .description("A resource limit of RUN steps (nofile=1024:2048); repeatable.").build());
        spec.addOption(Options.value(String.class, null, v -> shmSize = v, "--shm-size").paramLabel("BYTES")
                .description("Size of /dev/shm in RUN steps (default 64m).").build());
        spec.addOption(Options.values(allow, v -> allow = v, "--allow").paramLabel("ENTITLEMENT").splitRegex(",")
                .description("Grant network.host (RUN --network=host) or security.insecure (RUN --security=insecure); repeatable.").build());
        spec.addOption(Options.values(ssh, v -> ssh = v, "--ssh").paramLabel("default|ID[=SOCKET|KEY[,KEY]]")
                .description("An SSH agent socket (default: $SSH_AUTH_SOCK) or key files for RUN --mount=type=ssh; repeatable.").build());
        spec.addOption(Options.value(String.class, isolation, v -> isolation = v, "--isolation").paramLabel("auto|oci|userns|chroot")
                .description("How RUN steps are isolated; auto (default) picks the strongest that works here.").build());
        spec.addOption(Options.value(Path.class, null, v -> runtime = v, "--runtime").paramLabel("PATH")
                .description("The OCI runtime for RUN (default: runc or crun on PATH).").build());
        spec.addOption(Options.value(Boolean.class, null, v -> sbom = v, "--sbom").paramLabel("true|false").arity("0..1").fallbackValue("true")
                .description("Attach an SPDX SBOM (dpkg/apk packages, Java artifacts) as BuildKit does; the image becomes an index.").build());
        spec.addOption(Options.value(String.class, null, v -> provenance = v, "--provenance").paramLabel("mode=min|max").arity("0..1").preprocessor(new OptionalValue())
                .description("Attach SLSA provenance v0.2 (mode=min, or mode=max with the Dockerfile and build steps).").build());
        spec.addOption(Options.values(attests, v -> attests = v, "--attest").paramLabel("type=sbom|provenance[,mode=...]")
                .description("An attestation, as buildx --attest; repeatable.").build());
        spec.addOption(Options.flag(v -> check = v, "--check")
                .description("Only run the build checks and print what they find (exit 1 if any).").build());
        return spec;
    }

    /** Takes the next word as the value only when it is one (so {@code --provenance .} keeps {@code .} as the context). */
    static final class OptionalValue implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, CommandSpec commandSpec, picocli.CommandLine.Model.ArgSpec argSpec,
                Map<String, Object> info) {
            if ("=".equals(info.get("separator"))) {
                return false;
            }
            String next = args.isEmpty() ? "" : args.peek();
            if (!next.matches("(?i)true|false|min|max|mode=.*")) {
                args.push("true");
            }
            return false;
        }
    }

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        if (check) {
            try (PreparedBuild prepared = prepare(request(env, BuildListener.NONE))) {
                return BuildChecks.forCheck(prepared.request()).printReport(spec.commandLine().getOut());
            }
        }
        ProgressMode mode;
        try {
            mode = quiet ? ProgressMode.QUIET : ProgressMode.parse(progress);
        } catch (IllegalArgumentException e) {
            throw new UsageException("error: " + e.getMessage());
        }
        BuildResult result;
        try (Renderer renderer = Renderers.create(mode, spec.commandLine().getErr(), System.console() != null, env)) {
            try (PreparedBuild prepared = prepare(request(env, new BuildEvents(renderer)))) {
                BuildRequest request = prepared.request();
                BuildChecks.forBuild(request).report(renderer);
                try {
                    result = Builder.create().build(request);
                } catch (BuildException e) {
                    throw new UserException(e.getMessage(), e);
                }
            }
        }
        if (iidfile != null) {
            ResultFiles.writeAtomically(iidfile, result.imageId());
        }
        if (metadataFile != null) {
            ResultFiles.writeAtomically(metadataFile, ResultFiles.metadataJson(result));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet && outputs.stream().noneMatch(o -> OutputSpec.parse(o).toStdout())) {
            out.println(result.imageId());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Fetches a remote context (git, URL, standard input) before the checks look at it. */
    private static PreparedBuild prepare(BuildRequest request) {
        try {
            return PreparedBuild.prepare(request);
        } catch (BuildException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    BuildRequest request(Map<String, String> env, BuildListener listener) throws IOException {
        BuildRequest.Builder b;
        if (context.equals("-")) {
            if ("-".equals(file)) {
                throw new UsageException("error: cannot read both the build context and the Dockerfile from standard input");
            }
            b = BuildRequest.builder(Path.of(".")).remoteContext(new RemoteSource.Stdin(System.in));
        } else if (Files.isDirectory(Path.of(context))) {
            b = BuildRequest.builder(Path.of(context));
        } else {
            RemoteSource remote = RemoteSource.of(context).orElseThrow(() ->
                    new UsageException("error: build context is not a directory: " + context));
            b = BuildRequest.builder(Path.of(".")).remoteContext(remote);
        }
        try {
            if ("-".equals(file)) {
                b.dockerfile(DockerfileSource.text(Dockerfiles.decode("Dockerfile", System.in.readAllBytes())));
            } else if (file != null) {
                b.dockerfile(DockerfileSource.file(Path.of(file)));
            }
            tags.forEach(b::tag);
            for (String arg : buildArgs) {
                int eq = arg.indexOf('=');
                if (eq == 0) {
                    throw new IllegalArgumentException("invalid --build-arg \"" + arg + "\": empty name");
                }
                if (eq > 0) {
                    b.buildArg(arg.substring(0, eq), arg.substring(eq + 1));
                } else if (env.containsKey(arg)) {
                    b.buildArg(arg, env.get(arg));
                }
            }
            if (target != null) {
                b.target(target);
            }
            for (String label : labels) {
                int eq = label.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("invalid --label \"" + label + "\": expected KEY=VALUE");
                }
                b.label(label.substring(0, eq), label.substring(eq + 1));
            }
            b.noCache(noCache);
            b.explainCache(explainCache);
            noCacheFilter.forEach(b::noCacheFilter);
            annotations.forEach(a -> b.annotation(Annotation.parse(a)));
            outputs.forEach(o -> b.output(StandardOutput.attach(OutputSpec.parse(o))));
            buildContexts.forEach(c -> b.buildContext(NamedContext.parse(c)));
            // As buildx: the SOURCE_DATE_EPOCH build argument sets the image's timestamps, and the
            // environment variable is only its default
            String epoch = sourceDateEpoch != null ? sourceDateEpoch
                    : b.buildArgValue("SOURCE_DATE_EPOCH").orElse(env.get("SOURCE_DATE_EPOCH"));
            if (epoch != null && !epoch.isEmpty()) {
                BuildRequest.parseSourceDateEpoch(epoch).ifPresentOrElse(b::sourceDateEpoch, b::wallClockTime);
            }
            if (platform != null) {
                b.platform(platform);
            }
            b.compression(Compression.parse(compression));
            b.root(root != null ? root : BuildRequest.defaultRoot(env));
            if (pull != null) {
                b.pullPolicy(PullPolicy.parse(pull));
            }
            b.push(push);
            insecureRegistries.forEach(b::insecureRegistry);
            b.format(ImageFormat.parse(format));
            cacheFrom.forEach(c -> b.cacheFrom(CacheSpec.parse(c)));
            cacheTo.forEach(c -> b.cacheTo(CacheSpec.parse(c)));
            secrets.forEach(s -> b.secret(SecretSpec.parse(s)));
            String net = choice("--network", network, "default", "host", "none");
            b.network(net.equals("default") ? "host" : net);
            b.runOptions(runOptions(env));
            b.isolation(choice("--isolation", isolation, "auto", "oci", "userns", "chroot"));
            if (runtime != null) {
                b.runtime(runtime);
            }
            AttestationSpec attest = AttestationSpec.NONE;
            for (String a : attests) {
                attest = attest.withAttest(a);
            }
            if (sbom != null) {
                attest = attest.withSbom(sbom.toString());
            }
            if (provenance != null) {
                attest = attest.withProvenance(provenance);
            }
            b.attestations(attest);
            b.listener(listener);
        } catch (IllegalArgumentException e) {
            throw new UsageException("error: " + e.getMessage());
        }
        return b.build();
    }

    private RunOptions runOptions(Map<String, String> env) {
        return new RunOptions(addHosts.stream().map(HostEntry::parse).toList(), ulimits.stream().map(Ulimit::parse).toList(),
                shmSize == null ? 0 : RunOptions.parseSize(shmSize), allow.stream().map(Entitlement::parse).collect(Collectors.toSet()),
                ssh.stream().map(v -> SshSpec.parse(v, env)).toList());
    }

    private static String choice(String option, String value, String... allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new IllegalArgumentException("invalid " + option + " \"" + value + "\" (expected "
                + String.join(", ", allowed) + ")");
    }
}
