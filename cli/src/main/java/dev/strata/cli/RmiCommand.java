package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata rmi}: removes names; the blobs go with the next {@code strata prune}. */
@Command(name = "rmi", mixinStandardHelpOptions = true,
        description = {"Remove images from the local store (their names; 'strata prune' frees the space)."},
        footerHeading = "%nExamples:%n",
        footer = {"  strata rmi app:1.0", "  strata rmi -f 3f2a1b     # every name of that image ID", "  strata rmi app && strata prune -f"})
final class RmiCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Name, name:tag or image ID (prefix).")
    List<String> refs;

    @Option(names = {"-f", "--force"}, description = "Remove every name of an image given by ID.")
    boolean force;

    @Override
    int run(ImageStore images) throws IOException {
        for (String ref : refs) {
            for (String name : images.remove(ref, force)) {
                out().println("Untagged: " + name);
            }
        }
        out().flush();
        return ExitCodes.OK;
    }
}
