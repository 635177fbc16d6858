package dev.strata.builder.engine;

import dev.strata.builder.api.NamedContext;
import dev.strata.builder.oci.OciLayoutReader;
import dev.strata.builder.oci.ResolvedImage;
import dev.strata.builder.steps.StepException;
import java.io.IOException;

/** A base image from {@code --build-context NAME=oci-layout://DIR[:tag|@digest]}: copied into the store byte for byte. */
final class OciLayoutBase {
    private OciLayoutBase() {}

    static BaseImage load(BuildSession session, String name, NamedContext.OciLayout layout, dev.strata.builder.oci.Platform platform) {
        String where = "oci-layout://" + layout.layout() + layout.reference().map(r -> r.startsWith("sha256:") ? "@" + r : ":" + r).orElse("");
        try {
            OciLayoutReader reader = OciLayoutReader.open(layout.layout());
            ResolvedImage image = reader.resolve(layout.reference().orElse(null), platform);
            boolean fetched = !session.store().has(image.descriptor().digest());
            reader.copyInto(image, session.store());
            return new BaseImage(name, image.config(), image.layers(), image.descriptor().digest(), fetched);
        } catch (IOException | IllegalArgumentException e) {
            throw new StepException("cannot use build context \"" + name + "\" (" + where + "): " + e.getMessage(), e);
        }
    }
}
