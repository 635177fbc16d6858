package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.hash.Digest;
import java.util.List;
import java.util.Map;

/** The image's {@code rootfs}: type {@code layers} and the diff IDs of its layers, bottom first. */
public record RootFs(
        String type,
        List<Digest> diffIds,
        Map<String, JsonNode> extra) {

    public RootFs {
        type = type == null ? "layers" : type;
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        extra = Extra.copy(extra);
    }

    /** A {@code layers} rootfs of these diff IDs. */
    public static RootFs of(List<Digest> diffIds) {
        return new RootFs("layers", diffIds, null);
    }
}
