package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code strata tag}: another name for an image in the store. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Give the image SOURCE the name TARGET as well.",
        footerHeading = "%nExamples:%n",
        footer = {"  strata tag app:1.0 app:latest", "  strata tag 3f2a1b localhost:5000/app:1.0"})
final class TagCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Name, name:tag or image ID (prefix).")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new name, [registry/]name[:tag].")
    String target;

    @Override
    int run(ImageStore images) throws IOException {
        images.tag(source, target);
        return ExitCodes.OK;
    }
}
