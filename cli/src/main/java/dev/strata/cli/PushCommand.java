package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata push}: an image from the store to a registry. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push an image from the local store to a registry (credentials from the Docker config).",
        footerHeading = "%nExamples:%n",
        footer = {"  strata push registry.example.com/team/app:1.0",
                "  strata push app:1.0 localhost:5000/app:1.0 --insecure-registry localhost:5000"})
final class PushCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name, name:tag or image ID (prefix).")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEST", description = "Where to push; default: the image's name.")
    String destination;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", description = "Allow plain HTTP to this registry; repeatable.")
    List<String> insecure = List.of();

    @Override
    int run(ImageStore images) throws IOException {
        String digest = images.push(ref, destination, new LinkedHashSet<>(insecure));
        out().println((destination != null ? destination : ref) + ": digest: " + digest);
        out().flush();
        return ExitCodes.OK;
    }
}
