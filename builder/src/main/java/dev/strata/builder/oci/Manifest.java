package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An image manifest (OCI, or Docker v2 schema 2, which has the same shape). */
public record Manifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations,
        Map<String, JsonNode> extra) {

    public Manifest {
        Objects.requireNonNull(config, "manifest config");
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = Extra.sorted(annotations);
        extra = Extra.copy(extra);
    }

    /** A schema-2 manifest of {@code mediaType}. */
    public static Manifest of(String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        return new Manifest(2, mediaType, null, config, layers, null, annotations == null || annotations.isEmpty() ? null : annotations, null);
    }
}
