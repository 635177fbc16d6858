package dev.strata.builder.oci;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Picks the manifest for a platform from an index's entries, as BuildKit does. */
final class PlatformSelector {
    private PlatformSelector() {}

    static Descriptor choose(List<Descriptor> manifests, Platform wanted, String what) throws IOException {
        List<Descriptor> images = new ArrayList<>();
        for (Descriptor d : manifests) {
            if (!isAttestation(d)) {
                images.add(d);
            }
        }
        Descriptor loose = null;
        for (Descriptor d : images) {
            Platform p = d.platform();
            if (p == null) {
                continue;
            }
            if (p.matches(wanted)) {
                if (java.util.Objects.equals(p.variant(), wanted.variant())) {
                    return d;
                }
                if (loose == null) {
                    loose = d;
                }
            }
        }
        if (loose != null) {
            return loose;
        }
        if (images.size() == 1 && images.get(0).platform() == null) {
            return images.get(0);
        }
        TreeSet<String> available = new TreeSet<>();
        for (Descriptor d : images) {
            available.add(d.platform() == null ? "unknown platform " + d.digest().shortHex() : d.platform().toString());
        }
        throw new IOException(what + ": no image for platform " + wanted + " (available: " + String.join(", ", available) + ")");
    }

    private static boolean isAttestation(Descriptor d) {
        if ("attestation-manifest".equals(d.annotation("vnd.docker.reference.type"))) {
            return true;
        }
        Platform p = d.platform();
        return p != null && "unknown".equals(p.os()) && "unknown".equals(p.architecture());
    }
}
