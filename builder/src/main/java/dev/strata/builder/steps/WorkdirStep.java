package dev.strata.builder.steps;

import dev.strata.builder.context.ImageTree;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code WORKDIR}: relative paths join the current one; the directory (and missing parents) is
 * created as BuildKit does, owned by USER, through the image's symlinks, unless it exists
 * already (then no layer).
 */
final class WorkdirStep {
    private WorkdirStep() {}

    static void apply(Instruction.Workdir workdir, StageState s, StepServices services) {
        String path = s.expand(workdir.path());
        if (path.isEmpty()) {
            throw new StepException("WORKDIR requires a path");
        }
        String wd = Paths.clean(path.startsWith("/") ? path : Paths.join(s.workingDir(), path));
        s.config.workingDir = wd;
        if (wd.equals("/")) {
            s.commitHistory("WORKDIR " + wd, false, false);
            return;
        }
        LayerStep.Announced step = LayerStep.announce(s, services, "WORKDIR " + wd);
        var doc = LayerStep.keyDocument(s, "WORKDIR " + wd);
        LayerStep.run(s, services, step, doc, "WORKDIR " + wd, () -> entries(s, services, wd));
    }

    private static List<LayerEntry> entries(StageState s, StepServices services, String wd) {
        List<LayerEntry> entries = new ArrayList<>();
        // mkdir -p inside the image, as BuildKit's: a symlink on the way (even a dangling one)
        // stays, and what it points at is created, inside the root
        String target = services.stageFiles().resolve(s, wd);
        if (target.equals("/") || services.stageFiles().exists(s, target)) {
            return entries;
        }
        long[] owner = s.user().map(u -> services.resolveOwner(s, u)).orElse(new long[] {0, 0});
        EntryAttributes attrs = EntryAttributes.of(0755, owner[0], owner[1], s.created);
        ImageTree image = services.stageFiles().copyEnvironment(s, false).image();
        String current = "";
        for (String segment : target.substring(1).split("/")) {
            current = current + "/" + segment;
            Optional<ImageTree.Node> node = image.lstat(current);
            if (node.isEmpty()) {
                entries.add(new LayerEntry.Directory(current.substring(1), attrs));
            } else if (node.get().kind() == ImageTree.Node.Kind.DIRECTORY) {
                // the parents the image has are repeated as they are, as in BuildKit's layer diff
                ImageTree.Node n = node.get();
                entries.add(new LayerEntry.Directory(current.substring(1), EntryAttributes.of(n.mode(), n.uid(), n.gid(), s.created)));
            }
        }
        return entries;
    }
}
