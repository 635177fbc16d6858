package dev.strata.cli;

import dev.strata.builder.api.ImageStore;
import dev.strata.builder.api.ImageSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata images}: the images in the local store, as {@code docker images} lists them. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "List the images in the local store.",
        footerHeading = "%nExamples:%n",
        footer = {"  strata images", "  strata images -q", "  strata images --root ./store"})
final class ImagesCommand extends StoreCommand {
    @Option(names = {"-q", "--quiet"}, description = "Only print image IDs (each once).")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Print full image IDs.")
    boolean noTrunc;

    @Override
    int run(ImageStore images) throws IOException {
        List<ImageSummary> list = images.list();
        PrintWriter out = out();
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            list.forEach(i -> ids.add(id(i.id())));
            ids.forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
        Instant now = Instant.now();
        for (ImageSummary i : list) {
            rows.add(new String[] {i.repository(), i.tag(), id(i.id()), Sizes.ago(i.created(), now), Sizes.human(i.size())});
        }
        Table.print(out, rows);
        return ExitCodes.OK;
    }

    private String id(String digest) {
        return noTrunc ? digest : digest.substring(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
    }
}
