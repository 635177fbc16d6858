package dev.strata.builder.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import java.nio.charset.StandardCharsets;

/**
 * Hands jib's manifest pusher our exact manifest bytes: jib serialises a template with Jackson,
 * and {@link JsonValue} on a {@link RawValue} makes that serialisation the bytes themselves, so
 * the pushed manifest and its digest are exactly ours.
 */
final class RawManifestTemplate implements ManifestTemplate {
    private final String json;
    private final String mediaType;

    RawManifestTemplate(byte[] bytes, String mediaType) {
        this.json = new String(bytes, StandardCharsets.UTF_8);
        this.mediaType = mediaType;
    }

    @JsonValue
    public RawValue raw() {
        return new RawValue(json);
    }

    @Override
    public int getSchemaVersion() {
        return 2;
    }

    @Override
    public String getManifestMediaType() {
        return mediaType;
    }
}
