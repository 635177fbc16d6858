package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.ImageSummary;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata pull}: an image from a registry into the store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pull an image from a registry into the local store (every blob verified).",
        footerHeading = "%nExamples:%n",
        footer = {"  strata pull alpine:3.20", "  strata pull --platform linux/arm64 alpine:3.20",
                "  strata pull --insecure-registry localhost:5000 localhost:5000/app:1.0"})
final class PullCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "[registry/]name[:tag|@digest]")
    String ref;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pull (default: this machine's).")
    String platform;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", description = "Allow plain HTTP to this registry; repeatable.")
    List<String> insecure = List.of();

    @Override
    int run(ImageStore images) throws IOException {
        ImageSummary pulled = images.pull(ref, platform, new LinkedHashSet<>(insecure));
        out().println(pulled.name() + ": image ID " + pulled.id() + ", digest " + pulled.manifestDigest());
        out().flush();
        return ExitCodes.OK;
    }
}
