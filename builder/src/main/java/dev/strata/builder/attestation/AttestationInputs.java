package dev.strata.builder.attestation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the attestations of one image say about its build.
 *
 * @param sbom whether to write an SPDX SBOM
 * @param provenance {@code min} or {@code max}; empty for no provenance
 * @param names the image's names (subjects of the statements)
 * @param platform the image's platform ({@code linux/amd64})
 * @param dockerfileName the Dockerfile's name as the build read it
 * @param dockerfile its bytes (digested in both modes, included in max)
 * @param buildArgs {@code --build-arg} values (never secrets, which are no build args; proxy
 *     variables are left out as Docker leaves them out of the history)
 * @param target the {@code --target} stage, if any
 * @param materials base images: {@code pkg:docker/...} URI to manifest digest
 * @param contextUri where the context came from when it is remote (a git URL, credentials removed)
 * @param steps (max) each stage's instructions as built: the build definition
 * @param started wall-clock start of the build (ISO-8601), empty for a reproducible build
 * @param finished its end, likewise
 * @param extra statements the front end brought (predicate type and predicate, a JSON object)
 */
public record AttestationInputs(
        boolean sbom,
        Optional<String> provenance,
        List<String> names,
        String platform,
        String dockerfileName,
        byte[] dockerfile,
        Map<String, String> buildArgs,
        Optional<String> target,
        Map<String, String> materials,
        Optional<String> contextUri,
        List<Stage> steps,
        Optional<String> started,
        Optional<String> finished,
        List<Extra> extra) {

    /** A statement a front end brought: its predicate type and predicate (a JSON object's text). */
    public record Extra(String predicateType, String predicate) {
        public Extra {
            Objects.requireNonNull(predicateType, "predicateType");
            Objects.requireNonNull(predicate, "predicate");
        }
    }

    /** One stage of the build definition: its name, base and instructions. */
    public record Stage(String name, String base, List<String> instructions) {
        public Stage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(base, "base");
            instructions = List.copyOf(instructions);
        }
    }

    public AttestationInputs {
        Objects.requireNonNull(provenance, "provenance");
        names = List.copyOf(names);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(dockerfileName, "dockerfileName");
        Objects.requireNonNull(dockerfile, "dockerfile");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        materials = Map.copyOf(materials);
        Objects.requireNonNull(contextUri, "contextUri");
        steps = List.copyOf(steps);
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        extra = List.copyOf(extra);
    }

    /** Whether any attestation is asked for. */
    public boolean any() {
        return sbom || provenance.isPresent() || !extra.isEmpty();
    }
}
