package dev.strata.builder.engine;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.oci.StoredImage;
import java.util.List;

/** Writes {@code -o} outputs from the stored image. */
final class Outputs {
    private Outputs() {}

    static void write(BuildSession session, StoredImage image, OutputSpec output, List<String> names) {
        throw new BuildException("output type=" + output.type().name().toLowerCase(java.util.Locale.ROOT)
                + " is not available yet");
    }
}
