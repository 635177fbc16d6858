package dev.strata.builder.plan;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The stage graph of a Dockerfile: stages by index and name, their dependencies, and the stages a
 * target needs, in an order where every stage comes after the stages it depends on. Stages the
 * target does not need are not in {@link #order()} and are never built.
 *
 * @param file the Dockerfile's name, for messages
 * @param escape the Dockerfile's escape character
 * @param globalArgs the ARG instructions before the first FROM
 * @param metaArgs the values of the global and automatic (platform) args, after {@code --build-arg}s
 * @param stages every stage, by index
 * @param target the index of the stage to build
 * @param order the stages to build, dependencies first
 */
public record BuildPlan(
        String file,
        char escape,
        List<Instruction.Arg> globalArgs,
        Map<String, Optional<String>> metaArgs,
        List<PlannedStage> stages,
        int target,
        List<Integer> order) {

    public BuildPlan {
        Objects.requireNonNull(file, "file");
        globalArgs = List.copyOf(globalArgs);
        metaArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metaArgs));
        stages = List.copyOf(stages);
        order = List.copyOf(order);
    }

    /**
     * Plans a parsed Dockerfile.
     *
     * @param buildArgs {@code --build-arg} values
     * @param target the {@code --target} stage name, or empty for the last stage
     * @param automaticArgs Docker's predefined platform args (see {@link Platform#args})
     * @throws DockerfileException for an unknown stage, a cycle, a bad stage name, with its line
     */
    public static BuildPlan create(ParseResult parsed, Map<String, String> buildArgs, Optional<String> target,
            Map<String, String> automaticArgs) {
        return new StagePlanner(parsed, buildArgs, automaticArgs).plan(target);
    }

    public PlannedStage targetStage() {
        return stages.get(target);
    }

    /** The stage with this name (case-insensitive), if any. */
    public Optional<PlannedStage> stageNamed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name().map(n -> n.toLowerCase(Locale.ROOT).equals(lower)).orElse(false))
                .findFirst();
    }

    /** True when more than one stage exists: progress lines then name the stage. */
    public boolean multiStage() {
        return stages.size() > 1;
    }

    /** Names of all ARGs declared anywhere in the stages that are built, plus the global ones. */
    public Set<String> declaredArgs() {
        Set<String> names = new LinkedHashSet<>();
        globalArgs.forEach(a -> a.declarations().forEach(d -> names.add(d.name())));
        for (int i : order) {
            for (Instruction ins : stages.get(i).instructions()) {
                collectArgs(ins, names);
            }
        }
        return names;
    }

    private static void collectArgs(Instruction ins, Set<String> names) {
        if (ins instanceof Instruction.Arg arg) {
            arg.declarations().forEach(d -> names.add(d.name()));
        } else if (ins instanceof Instruction.Onbuild onbuild) {
            collectArgs(onbuild.trigger(), names);
        }
    }

    /** The raw stage or image names an instruction reads from: COPY {@code --from}, RUN {@code --mount from=}. */
    public static List<String> fromReferences(Instruction ins) {
        return StagePlanner.fromReferences(ins);
    }

    /** The stages of {@link #order()}, in that order. */
    public List<PlannedStage> stagesToBuild() {
        List<PlannedStage> result = new ArrayList<>();
        order.forEach(i -> result.add(stages.get(i)));
        return result;
    }
}
