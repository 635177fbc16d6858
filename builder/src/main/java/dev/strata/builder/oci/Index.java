package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** An image index (OCI) or manifest list (Docker); also the {@code index.json} of a layout. */
public record Index(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations,
        Map<String, JsonNode> extra) {

    public Index {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = Extra.sorted(annotations);
        extra = Extra.copy(extra);
    }

    /** An OCI index listing {@code manifests}. */
    public static Index of(List<Descriptor> manifests) {
        return new Index(2, MediaTypes.OCI_INDEX, null, manifests, null, null, null);
    }

    /** The same index with other manifests. */
    public Index withManifests(List<Descriptor> newManifests) {
        return new Index(schemaVersion, mediaType, artifactType, newManifests, subject, annotations, extra);
    }
}
