package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.PruneResult;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata prune}: frees what no named image needs. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove blobs, cache entries and extracted layers that no named image needs.",
                "A blob a named image needs is never removed. Refuses while a build, load or pull uses the store;",
                "first removes what killed builds left (containers, mounts, secrets)."},
        footerHeading = "%nExamples:%n",
        footer = {"  strata prune", "  strata prune --filter until=24h     # only what is older than a day",
                "  strata prune --keep-storage 10GB    # oldest first, until the blobs fit in 10 GB"})
final class PruneCommand extends StoreCommand {
    @Option(names = "--keep-storage", paramLabel = "SIZE", description = "Keep up to SIZE of blobs (e.g. 512MB, 10GB).")
    String keepStorage;

    @Option(names = "--filter", paramLabel = "until=DURATION", description = "Only remove what is older than DURATION (e.g. 24h).")
    String filter;

    @Option(names = {"-f", "--force"}, description = "Accepted for docker compatibility; prune never asks.")
    boolean force;

    @Override
    int run(ImageStore images) throws IOException {
        Long keep = keepStorage == null ? null : Sizes.parseSize(keepStorage);
        Duration until = null;
        if (filter != null) {
            if (!filter.startsWith("until=")) {
                throw new UsageException("error: unsupported filter \"" + filter + "\" (supported: until=DURATION)");
            }
            until = Sizes.parseDuration(filter.substring("until=".length()));
        }
        PruneResult r = images.prune(keep, until);
        out().println("Deleted " + r.blobs() + " blobs, " + r.cacheEntries() + " cache entries, "
                + r.layerDirectories() + " extracted layers");
        out().println("Total reclaimed space: " + Sizes.human(r.freedBytes()));
        out().flush();
        return ExitCodes.OK;
    }
}
