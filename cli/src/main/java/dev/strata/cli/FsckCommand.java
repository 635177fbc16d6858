package dev.strata.cli;

import dev.strata.builder.api.FsckResult;
import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code strata fsck}: checks the local store, as {@code git fsck} checks a repository. */
@Command(name = "fsck", mixinStandardHelpOptions = true,
        description = {"Check the local store: hash every blob, and check that every image's manifests, configs and layers are present"
                + " with the sizes their descriptors give.",
                "Prints one line per problem and exits 1 when there is any; changes nothing."},
        footerHeading = "%nExamples:%n",
        footer = {"  strata fsck", "  strata fsck --root /var/lib/strata"})
final class FsckCommand extends StoreCommand {
    @Override
    int run(ImageStore images) throws IOException {
        FsckResult result = images.fsck();
        result.problems().forEach(out()::println);
        if (result.problems().isEmpty()) {
            out().println("checked " + result.blobs() + " blobs and " + result.images() + " images: no problems");
        }
        out().flush();
        return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
