package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.DockerfileInput;
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
    public BuildResult build(BuildRequest request) {
        RegistryImages.checkOffline(request);
        ParseResult parsed = parse(request);
        for (Warning w : parsed.warnings()) {
            request.listener().onEvent(new BuildEvent.Warning(w.location().file(), w.location().startLine(), w.message()));
        }
        dev.strata.builder.oci.Platform target;
        dev.strata.builder.plan.Platform argsPlatform;
        try {
            argsPlatform = request.platform().map(dev.strata.builder.plan.Platform::parse)
                    .orElseGet(dev.strata.builder.plan.Platform::host);
            target = dev.strata.builder.oci.Platform.parse(argsPlatform.toString());
        } catch (IllegalArgumentException e) {
            throw new BuildException(e.getMessage(), e);
        }
        Map<String, String> automatic = dev.strata.builder.plan.Platform.args(dev.strata.builder.plan.Platform.host(), argsPlatform);
        BuildPlan plan;
        try {
            plan = BuildPlan.create(parsed, request.buildArgs(), request.target(), automatic);
        } catch (DockerfileException e) {
            throw new BuildException(e.getMessage(), e);
        }
        warnUnusedArgs(request, plan, automatic.keySet());
        BlobStore store;
        try {
            store = BlobStore.open(request.root());
        } catch (IOException e) {
            throw new BuildException("cannot open the store " + request.root() + ": " + e.getMessage(), e);
        }
        try (StoreLease lease = StoreLease.acquire(store, StoreLease.Purpose.BUILD, note -> request.listener().onEvent(new BuildEvent.Warning("", 0, note)));
                BuildSession session = new BuildSession(request, plan, lease, target)) {
            StageResult result = session.runStages();
            return new ImageExport(session).export(result);
        } catch (IOException | UncheckedIOException e) {
            throw new BuildException("build failed: " + e.getMessage(), e);
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
