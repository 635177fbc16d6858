package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.List;

/** {@code VOLUME}: each path expanded (and split in the shell form), stored in the config. */
final class VolumeStep {
    private VolumeStep() {}

    static void apply(Instruction.Volume volume, StageState s) {
        List<String> paths = new ArrayList<>();
        for (String raw : volume.paths()) {
            String value = s.expand(raw);
            if (value.isBlank()) {
                throw new StepException("VOLUME specified can not be an empty string");
            }
            paths.add(value);
        }
        if (paths.isEmpty()) {
            throw new StepException("VOLUME specified can not be an empty string");
        }
        s.config.volumes.addAll(paths);
        s.commitHistory("VOLUME " + GoFormat.plainList(paths), false, false);
    }
}
