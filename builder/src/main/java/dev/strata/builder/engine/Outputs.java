package dev.strata.builder.engine;

import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.oci.DockerArchiveExporter;
import dev.strata.builder.oci.OciExporter;
import dev.strata.builder.oci.StoredImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes the {@code -o} outputs of the stored image (each to a temp path, then renamed). */
final class Outputs {
    private Outputs() {}

    static void write(BuildSession session, StoredImage image, OutputSpec output, List<String> tags, int step) throws IOException {
        List<String> names = output.name().map(List::of).orElse(tags);
        switch (output.type()) {
            case OCI -> {
                Path dest = output.dest().orElseThrow();
                if (output.tar()) {
                    OciExporter.writeArchive(session.store(), image.manifest(), names, dest);
                } else {
                    OciExporter.writeLayout(session.store(), image.manifest(), names, dest);
                }
            }
            case DOCKER -> DockerArchiveExporter.write(session.store(), image.manifest(), names, output.dest().orElseThrow());
            case REGISTRY -> session.push(image, names, step);
        }
    }
}
