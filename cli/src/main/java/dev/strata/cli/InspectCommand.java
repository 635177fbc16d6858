package dev.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.api.ImageDetails;
import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code strata inspect}: an image's ID, names, manifest and config as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print images' manifest and config as JSON (an array, one object per image).",
        footerHeading = "%nExamples:%n",
        footer = {"  strata inspect app:1.0", "  strata inspect 3f2a1b", "  strata inspect app | jq '.[0].Config.config.Env'"})
final class InspectCommand extends StoreCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Name, name:tag or image ID (prefix).")
    List<String> refs;

    @Override
    int run(ImageStore images) throws IOException {
        ArrayNode all = JSON.createArrayNode();
        for (String ref : refs) {
            ImageDetails d = images.inspect(ref);
            ObjectNode o = all.addObject();
            o.put("Id", d.summary().id());
            o.put("Digest", d.summary().manifestDigest());
            ArrayNode names = o.putArray("RepoTags");
            d.names().forEach(names::add);
            d.summary().created().ifPresent(c -> o.put("Created", c.toString()));
            o.put("Size", d.summary().size());
            o.set("Manifest", JSON.readTree(d.manifestJson()));
            o.set("Config", JSON.readTree(d.configJson()));
        }
        out().println(JSON.writeValueAsString(all));
        out().flush();
        return ExitCodes.OK;
    }
}
