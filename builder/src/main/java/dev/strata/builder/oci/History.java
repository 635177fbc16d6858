package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One {@code history} entry; {@code emptyLayer} is true for steps that added no layer (null otherwise, as Docker omits it). */
public record History(
        String created,
        String createdBy,
        String author,
        String comment,
        Boolean emptyLayer,
        Map<String, JsonNode> extra) {

    public History {
        emptyLayer = Boolean.TRUE.equals(emptyLayer) ? Boolean.TRUE : null;
        extra = Extra.copy(extra);
    }

    /** An entry for a step; {@code emptyLayer} when the step added no layer. */
    public static History of(String created, String createdBy, String comment, boolean emptyLayer) {
        return new History(created, createdBy, null, comment, emptyLayer, null);
    }

    /** Whether this step added no layer. */
    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}
