package dev.strata.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Picks the manifest for a platform out of an OCI index or Docker manifest list. */
final class PlatformChoice {
    private PlatformChoice() {}

    static ManifestJson.Entry choose(List<ManifestJson.Entry> entries, Platform platform, ImageReference reference)
            throws RegistryException {
        List<String> available = new ArrayList<>();
        for (ManifestJson.Entry entry : entries) {
            JsonNode p = entry.platform();
            if (p == null || !MediaTypes.isManifest(entry.mediaType())) {
                continue; // attestations and nested indexes carry no platform we can run
            }
            String os = p.path("os").asText("");
            String arch = p.path("architecture").asText("");
            String variant = p.path("variant").asText("");
            if (os.equals("unknown")) {
                continue;
            }
            if (platform.matches(os, arch, variant)) {
                return entry;
            }
            available.add(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
        }
        throw new RegistryException(reference + ": no image for platform " + platform + " (the index has "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
    }
}
