package dev.strata.builder.attestation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * SLSA provenance v0.2, the predicate BuildKit writes by default: the builder, the frontend's
 * parameters (build args, target), the Dockerfile's digest, the base images as materials;
 * {@code mode=max} adds the Dockerfile's text and the build definition (every stage's
 * instructions), as BuildKit adds its LLB definition and Dockerfile source.
 */
final class Provenance {
    static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v0.2";
    static final String BUILD_TYPE = "https://mobyproject.org/buildkit@v1";

    private Provenance() {}

    static ObjectNode predicate(AttestationInputs in) {
        boolean max = in.provenance().orElse("min").equals("max");
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode p = f.objectNode();
        p.putObject("builder").put("id", "");
        p.put("buildType", BUILD_TYPE);
        var materials = p.putArray("materials");
        new TreeMap<>(in.materials()).forEach((uri, digest) -> {
            ObjectNode m = materials.addObject();
            m.put("uri", uri);
            m.putObject("digest").put(algorithm(digest), hex(digest));
        });
        ObjectNode invocation = p.putObject("invocation");
        ObjectNode config = invocation.putObject("configSource");
        in.contextUri().ifPresent(uri -> config.put("uri", uri));
        config.putObject("digest").put("sha256", Sbom.sha256bytes(in.dockerfile()));
        config.put("entryPoint", in.dockerfileName());
        ObjectNode parameters = invocation.putObject("parameters");
        parameters.put("frontend", "dockerfile.v0");
        ObjectNode args = parameters.putObject("args");
        for (Map.Entry<String, String> a : new TreeMap<>(in.buildArgs()).entrySet()) {
            args.put("build-arg:" + a.getKey(), a.getValue());
        }
        in.target().ifPresent(t -> args.put("target", t));
        var locals = parameters.putArray("locals");
        if (in.contextUri().isEmpty()) {
            locals.addObject().put("name", "context");
        }
        locals.addObject().put("name", "dockerfile");
        invocation.putObject("environment").put("platform", in.platform());
        if (max) {
            var stages = p.putObject("buildConfig").putArray("stages");
            for (AttestationInputs.Stage s : in.steps()) {
                ObjectNode stage = stages.addObject();
                stage.put("name", s.name());
                stage.put("from", s.base());
                var list = stage.putArray("instructions");
                s.instructions().forEach(list::add);
            }
        }
        ObjectNode metadata = p.putObject("metadata");
        in.started().ifPresent(t -> metadata.put("buildStartedOn", t));
        in.finished().ifPresent(t -> metadata.put("buildFinishedOn", t));
        ObjectNode completeness = metadata.putObject("completeness");
        completeness.put("parameters", max);
        completeness.put("environment", true);
        completeness.put("materials", false);
        metadata.put("reproducible", false);
        if (max) {
            ObjectNode info = metadata.putObject(BUILD_TYPE + "#metadata").putObject("source").putArray("infos").addObject();
            info.put("filename", in.dockerfileName());
            info.put("language", "Dockerfile");
            info.put("data", Base64.getEncoder().encodeToString(in.dockerfile()));
        }
        return p;
    }

    private static String algorithm(String digest) {
        int colon = digest.indexOf(':');
        return colon > 0 ? digest.substring(0, colon) : "sha256";
    }

    private static String hex(String digest) {
        int colon = digest.indexOf(':');
        return colon > 0 ? digest.substring(colon + 1) : digest;
    }
}
