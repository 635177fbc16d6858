package dev.strata.builder.registry;

import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.Platform;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Picks the manifest for a platform out of an OCI index or Docker manifest list, as BuildKit
 * does: an exact variant match first, else the first compatible entry; attestations are skipped.
 */
final class PlatformChoice {
    private PlatformChoice() {}

    static Descriptor choose(List<Descriptor> entries, Platform wanted, ImageReference reference) throws RegistryException {
        Descriptor loose = null;
        TreeSet<String> available = new TreeSet<>();
        for (Descriptor entry : entries) {
            Platform p = entry.platform();
            if (p == null || !MediaTypes.isManifest(entry.mediaType()) || "unknown".equals(p.os())
                    || "attestation-manifest".equals(entry.annotation("vnd.docker.reference.type"))) {
                continue;
            }
            available.add(p.toString());
            if (p.matches(wanted)) {
                if (Objects.equals(p.variant(), wanted.variant())) {
                    return entry;
                }
                if (loose == null) {
                    loose = entry;
                }
            }
        }
        if (loose != null) {
            return loose;
        }
        throw new RegistryException(reference + ": no image for platform " + wanted + " (the index has "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
    }
}
