package dev.strata.cli;

import dev.strata.builder.api.HistoryEntry;
import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata history}: one row per history entry of an image, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the history of an image: the step that made each layer, its size and comment.",
        footerHeading = "%nExamples:%n",
        footer = {"  strata history app:1.0", "  strata history --no-trunc app"})
final class HistoryCommand extends StoreCommand {
    private static final int CREATED_BY_WIDTH = 45;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name, name:tag or image ID (prefix).")
    String ref;

    @Option(names = "--no-trunc", description = "Do not shorten the CREATED BY column.")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only print the image ID.")
    boolean quiet;

    @Override
    int run(ImageStore images) throws IOException {
        if (quiet) {
            out().println(images.inspect(ref).summary().id());
            out().flush();
            return ExitCodes.OK;
        }
        List<HistoryEntry> entries = images.history(ref);
        String id = images.inspect(ref).summary().id();
        id = noTrunc ? id : id.substring(7, 19);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"});
        Instant now = Instant.now();
        for (HistoryEntry e : entries) {
            String by = e.createdBy().replace('\n', ' ');
            if (!noTrunc && by.length() > CREATED_BY_WIDTH) {
                by = by.substring(0, CREATED_BY_WIDTH - 1) + "…";
            }
            // like docker: only the newest row is an image of its own; the steps below have none
            rows.add(new String[] {rows.size() == 1 ? id : "<missing>", Sizes.ago(e.created(), now), by, Sizes.human(e.size()), e.comment()});
        }
        Table.print(out(), rows);
        return ExitCodes.OK;
    }
}
