package dev.strata.builder.engine;

import dev.strata.builder.plan.BuildPlan;
import dev.strata.builder.plan.PlannedStage;
import dev.strata.builder.plan.StageRef;
import dev.strata.dockerfile.model.Instruction;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a stage's result depends on across the target platforms of one build, as text: two
 * platforms whose stage has the same identity share one run (BuildKit merges such stages because
 * their LLB is equal). The target platform is part of it unless the stage names its own platform
 * ({@code FROM --platform=$BUILDPLATFORM}) or inherits it from another stage; the values of the
 * ARGs the stage declares are (TARGETARCH differs per platform); so are the stages it needs.
 */
final class StageIdentity {
    private StageIdentity() {}

    static String of(PlannedStage stage, BuildPlan plan, String targetPlatform, Map<Integer, String> known) {
        StringBuilder b = new StringBuilder("stage ").append(stage.index()).append('\n');
        b.append("base ").append(stage.baseName()).append('\n');
        if (stage.platform().isPresent()) {
            b.append("platform ").append(stage.platform().get()).append('\n');
        } else if (!(stage.base() instanceof StageRef.Stage)) {
            b.append("platform ").append(targetPlatform).append('\n');
        }
        if (readsImages(stage, plan)) {
            b.append("images for ").append(targetPlatform).append('\n');
        }
        TreeSet<String> args = new TreeSet<>();
        stage.instructions().forEach(ins -> collectArgs(ins, args));
        for (String name : args) {
            Optional<String> value = plan.metaArgs().getOrDefault(name, Optional.empty());
            b.append("arg ").append(name).append(value.map(v -> "=" + v).orElse("")).append('\n');
        }
        for (int dep : new TreeSet<>(stage.dependencies())) {
            b.append("needs {").append(known.get(dep)).append("}\n");
        }
        return b.toString();
    }

    private static void collectArgs(Instruction ins, TreeSet<String> names) {
        if (ins instanceof Instruction.Arg arg) {
            arg.declarations().forEach(d -> names.add(d.name()));
        } else if (ins instanceof Instruction.Onbuild onbuild) {
            collectArgs(onbuild.trigger(), names);
        }
    }

    /** Whether a COPY --from or RUN --mount from= of the stage names an image (pulled for the target platform). */
    private static boolean readsImages(PlannedStage stage, BuildPlan plan) {
        for (Instruction ins : stage.instructions()) {
            for (String ref : BuildPlan.fromReferences(ins)) {
                boolean isStage = (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) || plan.stageNamed(ref).isPresent();
                if (!isStage) {
                    return true;
                }
            }
        }
        return false;
    }
}
