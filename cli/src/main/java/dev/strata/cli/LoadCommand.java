package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.ImageSummary;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata load}: images from an OCI or docker archive into the store. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load images from an OCI archive or a 'docker save' archive.",
        footerHeading = "%nExamples:%n",
        footer = {"  strata load -i app.tar", "  docker save app:1.0 -o app.tar && strata load -i app.tar"})
final class LoadCommand extends StoreCommand {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "The archive to read.")
    Path input;

    @Override
    int run(ImageStore images) throws IOException {
        for (ImageSummary image : images.load(input)) {
            out().println("Loaded image: " + image.name() + " (" + image.id() + ")");
        }
        out().flush();
        return ExitCodes.OK;
    }
}
