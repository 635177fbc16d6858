package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --root} option of the commands that work on the local store. */
final class StoreOption {
    @Option(names = "--root", paramLabel = "DIR",
            description = "The local store. Default: $STRATA_ROOT, else ~/.local/share/strata.")
    Path root;

    /** Opens the store ({@code --root}, else the default the build uses). */
    ImageStore open() {
        try {
            return ImageStore.open(root);
        } catch (IOException e) {
            throw new UserException("error: cannot open the store: " + e.getMessage(), e);
        }
    }
}
