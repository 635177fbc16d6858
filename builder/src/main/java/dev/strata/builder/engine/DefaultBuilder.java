package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.DockerfileInput;
import dev.strata.builder.api.PreparedBuild;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.plan.BuildPlan;
import dev.strata.builder.steps.ArgScope;
import dev.strata.builder.store.StoreLease;
import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.Warning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine behind {@link Builder}: parse, plan, build the stages, assemble and store the image,
 * write the outputs. Registered as the {@code Builder} service. Thread-safe (holds no state).
 */
public final class DefaultBuilder implements Builder {

    @Override
    public void warmUp() {
        // in the order a build needs them: its checks parse the Dockerfile and read the base image,
        // then the build leases the store and computes and compares cache keys
        dev.strata.dockerfile.Dockerfiles.parse("Dockerfile", "FROM scratch AS a\nCOPY --chown=1 a /b\nRUN [\"x\"]\n");
        dev.strata.builder.oci.OciJson.warmUp();
        new java.security.SecureRandom().nextLong(); // the store lease's first temporary directory seeds one
        StepIndex.warmUp();
    }

    @Override
    public BuildResult build(BuildRequest request) {
        if (PreparedBuild.needed(request)) {
            try (PreparedBuild prepared = PreparedBuild.prepare(request)) {
                return build(prepared.request());
            }
        }
        RegistryImages.checkOffline(request);
        ParseResult parsed = parse(request);
        for (Warning w : parsed.warnings()) {
            request.listener().onEvent(new BuildEvent.Warning(w.location().file(), w.location().startLine(), w.message()));
        }
        List<dev.strata.builder.plan.Platform> targets;
        try {
            targets = request.platform().map(dev.strata.builder.plan.Platform::parseList)
                    .orElseGet(() -> List.of(dev.strata.builder.plan.Platform.host()));
        } catch (IllegalArgumentException e) {
            throw new BuildException(e.getMessage(), e);
        }
        if (targets.size() > 1) {
            refuseSinglePlatformOutputs(request);
        }
        refuseAttestationsInDockerArchive(request);
        List<BuildPlan> plans = new java.util.ArrayList<>();
        Map<String, String> automatic = Map.of();
        for (dev.strata.builder.plan.Platform target : targets) {
            automatic = dev.strata.builder.plan.Platform.args(dev.strata.builder.plan.Platform.host(), target);
            try {
                plans.add(BuildPlan.create(parsed, request.buildArgs(), request.target(), automatic));
            } catch (DockerfileException e) {
                throw new BuildException(e.getMessage(), e);
            }
        }
        warnUnusedArgs(request, plans.get(0), automatic.keySet());
        BlobStore store;
        try {
            store = BlobStore.open(request.root());
        } catch (IOException e) {
            throw new BuildException("cannot open the store " + request.root() + ": " + e.getMessage(), e);
        }
        try (StoreLease lease = StoreLease.acquire(store, StoreLease.Purpose.BUILD, note -> request.listener().onEvent(new BuildEvent.Warning("", 0, note)));
                BuildSession session = new BuildSession(request, plans.get(0), lease, ociPlatform(targets.get(0)), targets.size())) {
            if (targets.size() == 1) {
                return new ImageExport(session).export(session.runStages());
            }
            List<BuildSession> sessions = new java.util.ArrayList<>();
            sessions.add(session);
            for (int i = 1; i < targets.size(); i++) {
                sessions.add(session.forPlatform(plans.get(i), ociPlatform(targets.get(i))));
            }
            sessions.forEach(BuildSession::startStages);
            List<StageResult> results = new java.util.ArrayList<>();
            for (BuildSession s : sessions) {
                results.add(s.targetResult());
            }
            return new ImageExport(session).exportIndex(results);
        } catch (IOException | UncheckedIOException e) {
            throw new BuildException("build failed: " + e.getMessage(), e);
        }
    }

    private static dev.strata.builder.oci.Platform ociPlatform(dev.strata.builder.plan.Platform p) {
        return dev.strata.builder.oci.Platform.parse(p.toString());
    }

    /** A docker archive holds one image: refuse it before building, as buildx does. */
    private static void refuseSinglePlatformOutputs(BuildRequest request) {
        for (dev.strata.builder.api.OutputSpec output : request.outputs()) {
            if (output.type() == dev.strata.builder.api.OutputSpec.Type.DOCKER) {
                throw new BuildException("docker exporter does not currently support exporting manifest lists: a docker"
                        + " archive holds one platform's image (use -o type=oci, --push, or build one --platform)");
            }
        }
    }

    /** Attestations make the image an OCI index, which a docker archive cannot hold: refuse before building. */
    private static void refuseAttestationsInDockerArchive(BuildRequest request) {
        if (request.attestations().any() && request.outputs().stream()
                .anyMatch(o -> o.type() == dev.strata.builder.api.OutputSpec.Type.DOCKER)) {
            throw new BuildException("-o type=docker cannot hold attestations: --sbom and --provenance store the image"
                    + " in an OCI image index with them, and a docker archive holds one image manifest (use -o type=oci"
                    + " or --push, or leave the attestations off)");
        }
    }

    private static ParseResult parse(BuildRequest request) {
        try {
            return DockerfileInput.parse(request);
        } catch (DockerfileException e) {
            throw new BuildException(e.getMessage(), e);
        }
    }

    /** Docker's warning for {@code --build-arg}s no ARG of the built stages declares. */
    private static void warnUnusedArgs(BuildRequest request, BuildPlan plan, Set<String> automatic) {
        Set<String> declared = plan.declaredArgs();
        Set<String> unused = new TreeSet<>();
        for (String name : request.buildArgs().keySet()) {
            if (!declared.contains(name) && !automatic.contains(name) && !ArgScope.PROXY_ARGS.contains(name)
                    && !name.startsWith("BUILDKIT_")) {
                unused.add(name);
            }
        }
        if (!unused.isEmpty()) {
            request.listener().onEvent(new BuildEvent.Warning("", 0,
                    "One or more build-args " + List.copyOf(unused).toString().replace(",", "") + " were not consumed"));
        }
    }
}
