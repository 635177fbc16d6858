package dev.strata.builder.engine;

import dev.strata.builder.api.AttestationSpec;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.ImageFormat;
import dev.strata.builder.attestation.AttestationInputs;
import dev.strata.builder.attestation.Attestations;
import dev.strata.builder.context.BuildContext;
import dev.strata.builder.context.CopyException;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.StoredImage;
import dev.strata.builder.plan.PlannedStage;
import dev.strata.builder.steps.ArgScope;
import dev.strata.dockerfile.model.Instruction;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Attaches the requested attestations ({@code --sbom}, {@code --provenance}) to a built image. */
final class AttestationExport {
    private final BuildSession session;

    AttestationExport(BuildSession session) {
        this.session = session;
    }

    /** Stores the requested attestations of {@code image} and returns the index entry that names them. */
    Descriptor attach(StoredImage image, List<Layer> layers) throws IOException {
        BuildRequest request = session.request();
        if (request.format() == ImageFormat.DOCKER) {
            throw new BuildException("--sbom and --provenance need --format oci: attestations are stored in an OCI image index");
        }
        String platform = image.manifest().platform() != null ? image.manifest().platform().toString()
                : session.targetPlatform().toString();
        try {
            return new Attestations(session.store()).attach(image, layers, inputs(request.attestations(), platform),
                    dev.strata.builder.oci.ImageConfig.formatTime(session.created()));
        } catch (IllegalArgumentException e) { // a front end's predicate that is no JSON object
            throw new BuildException(e.getMessage(), e);
        }
    }

    private AttestationInputs inputs(AttestationSpec spec, String platform) throws IOException {
        BuildRequest request = session.request();
        Map<String, String> args = new LinkedHashMap<>(request.buildArgs());
        args.keySet().removeAll(ArgScope.PROXY_ARGS); // may hold proxy credentials; Docker keeps them out of the history too
        Map<String, String> materials = new LinkedHashMap<>();
        // resolved images are keyed "reference\nplatform": this image's platform only
        session.baseImages().resolved().forEach((key, base) -> {
            int nl = key.indexOf('\n');
            if (nl < 0 || key.substring(nl + 1).equals(platform)) {
                String name = nl < 0 ? key : key.substring(0, nl);
                materials.put("pkg:docker/" + name + "?platform=" + URLEncoder.encode(platform, StandardCharsets.UTF_8),
                        base.manifestDigest().toString());
            }
        });
        List<AttestationInputs.Stage> stages = new ArrayList<>();
        for (PlannedStage stage : session.plan().stagesToBuild()) {
            stages.add(new AttestationInputs.Stage(stage.displayName(), stage.baseName(),
                    stage.instructions().stream().map(AttestationExport::written).toList()));
        }
        boolean wallClock = request.sourceDateEpoch().isEmpty();
        return new AttestationInputs(spec.sbom(), spec.provenance(), request.tags(), platform, dockerfileName(request),
                dockerfile(request), args, request.target(), materials, Optional.empty(), stages,
                wallClock ? Optional.of(session.started().toString()) : Optional.empty(),
                wallClock ? Optional.of(Instant.now().toString()) : Optional.empty(),
                spec.extra().stream().map(e -> new AttestationInputs.Extra(e.predicateType(), e.predicate())).toList());
    }

    /** An instruction as written: keyword, flags, arguments (variables unexpanded). */
    private static String written(Instruction instruction) {
        dev.strata.dockerfile.model.RawInstruction raw = instruction.raw();
        StringBuilder sb = new StringBuilder(raw.keyword());
        for (dev.strata.dockerfile.model.Flag flag : raw.flags()) {
            sb.append(" --").append(flag.name()).append(flag.value().map(v -> "=" + v).orElse(""));
        }
        return sb.append(' ').append(raw.text()).toString();
    }

    private static String dockerfileName(BuildRequest request) {
        if (request.dockerfile() instanceof DockerfileSource.FromFile f) {
            Path name = f.path().getFileName();
            return name == null ? "Dockerfile" : name.toString();
        }
        return ((DockerfileSource.FromText) request.dockerfile()).name();
    }

    private static byte[] dockerfile(BuildRequest request) {
        if (request.dockerfile() instanceof DockerfileSource.FromText text) {
            return text.text().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return BuildContext.open(request.context(), ((DockerfileSource.FromFile) request.dockerfile()).path()).readDockerfile();
        } catch (CopyException e) {
            throw new BuildException(e.getMessage(), e);
        }
    }
}
