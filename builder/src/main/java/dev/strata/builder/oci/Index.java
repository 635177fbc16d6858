package dev.strata.builder.oci;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** An image index (OCI) or manifest list (Docker); also the {@code index.json} of a layout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record Index(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

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
