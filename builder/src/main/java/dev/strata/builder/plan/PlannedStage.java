package dev.strata.builder.plan;

import dev.strata.dockerfile.model.Instruction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One build stage: its FROM, what it is based on, its instructions, and the other stages it needs.
 *
 * @param baseName the FROM image after expansion of the global ARGs
 * @param platform the expanded {@code FROM --platform=} value, if any
 * @param instructions the instructions after FROM, in file order
 * @param dependencies indexes of the stages this one needs (base stage, COPY --from, RUN --mount from=)
 */
public record PlannedStage(
        int index,
        Optional<String> name,
        Instruction.From from,
        String baseName,
        StageRef base,
        Optional<String> platform,
        List<Instruction> instructions,
        Set<Integer> dependencies) {

    public PlannedStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(platform, "platform");
        instructions = List.copyOf(instructions);
        dependencies = Set.copyOf(dependencies);
    }

    /** The name BuildKit shows in progress: the stage name, or {@code stage-N}. */
    public String displayName() {
        return name.orElse("stage-" + index);
    }
}
