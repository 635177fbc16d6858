package dev.strata.cli;

import dev.strata.builder.api.ArchiveFormat;
import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata save}: an image as an OCI or docker archive. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = "Write an image (with all the names given) to an OCI or docker archive.",
        footerHeading = "%nExamples:%n",
        footer = {"  strata save -o app.tar app:1.0", "  strata save --format docker -o app.tar app:1.0 app:latest   # then: docker load -i app.tar"})
final class SaveCommand extends StoreCommand {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The archive to write (written whole or not at all).")
    Path output;

    @Option(names = "--format", paramLabel = "oci|docker", description = "Archive format (default oci).")
    String format = "oci";

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Name, name:tag or image ID (prefix).")
    List<String> refs;

    @Override
    int run(ImageStore images) throws IOException {
        images.save(refs, output, ArchiveFormat.parse(format));
        return ExitCodes.OK;
    }
}
