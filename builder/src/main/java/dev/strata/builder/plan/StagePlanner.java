package dev.strata.builder.plan;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.model.ArgDeclaration;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns parsed instructions into a {@link BuildPlan}, as BuildKit's dockerfile2llb does. Not thread-safe. */
final class StagePlanner {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$", Pattern.CASE_INSENSITIVE);

    private final ParseResult parsed;
    private final Map<String, String> buildArgs;
    private final ShellLexer lexer;
    private final Map<String, Optional<String>> metaArgs = new LinkedHashMap<>();
    private final List<Instruction.Arg> globalArgs = new ArrayList<>();

    StagePlanner(ParseResult parsed, Map<String, String> buildArgs, Map<String, String> automaticArgs) {
        this.parsed = parsed;
        this.buildArgs = buildArgs;
        this.lexer = new ShellLexer(parsed.directives().escape());
        automaticArgs.forEach((k, v) -> metaArgs.put(k, Optional.of(buildArgs.getOrDefault(k, v))));
    }

    BuildPlan plan(Optional<String> target) {
        List<StageDraft> drafts = split();
        List<PlannedStage> stages = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (StageDraft draft : drafts) {
            PlannedStage stage = draftToStage(draft, stages.size(), byName);
            stages.add(stage);
            stage.name().ifPresent(n -> byName.put(n.toLowerCase(Locale.ROOT), stage.index()));
        }
        stages = addCopyDependencies(stages, byName);
        int targetIndex = target.map(t -> findTarget(t, byName)).orElse(stages.size() - 1);
        List<Integer> order = new ArrayList<>();
        visit(targetIndex, stages, new LinkedHashSet<>(), new LinkedHashSet<>(), order);
        return new BuildPlan(parsed.file(), parsed.directives().escape(), globalArgs, metaArgs, stages, targetIndex, order);
    }

    private int findTarget(String target, Map<String, Integer> byName) {
        Integer index = byName.get(target.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new DockerfileException(parsed.file(), 0, "target stage \"" + target + "\" could not be found");
        }
        return index;
    }

    /** Splits the instructions into the global ARGs and one draft per FROM. */
    private List<StageDraft> split() {
        List<StageDraft> drafts = new ArrayList<>();
        StageDraft current = null;
        for (Instruction ins : parsed.instructions()) {
            if (ins instanceof Instruction.From from) {
                current = new StageDraft(from, new ArrayList<>());
                drafts.add(current);
            } else if (current != null) {
                current.instructions().add(ins);
            } else if (ins instanceof Instruction.Arg arg) {
                globalArg(arg);
            } else {
                throw error(ins, "no build stage in current context: " + ins.keyword()
                        + " must come after FROM (only ARG may precede the first FROM)");
            }
        }
        if (drafts.isEmpty()) {
            throw new DockerfileException(parsed.file(), 0, "the Dockerfile has no FROM: nothing to build");
        }
        return drafts;
    }

    private void globalArg(Instruction.Arg arg) {
        globalArgs.add(arg);
        for (ArgDeclaration decl : arg.declarations()) {
            Optional<String> value = decl.defaultValue().map(raw -> expand(arg, raw));
            if (buildArgs.containsKey(decl.name())) {
                value = Optional.of(buildArgs.get(decl.name()));
            }
            if (value.isEmpty() && metaArgs.containsKey(decl.name())) {
                continue; // "ARG TARGETARCH" without a default keeps the automatic value, as in BuildKit
            }
            metaArgs.put(decl.name(), value);
            long total = metaArgs.values().stream().mapToLong(v -> v.map(String::length).orElse(0)).sum();
            if (total > MAX_GLOBAL_ARG_BYTES) {
                throw error(arg, "ARG " + decl.name() + " makes the global ARG values larger than 8 MiB");
            }
        }
    }

    /** Each word is capped at 1 MiB; this caps their sum (a short Dockerfile could fill gigabytes). */
    private static final long MAX_GLOBAL_ARG_BYTES = 8L << 20;

    private Map<String, String> metaValues() {
        Map<String, String> values = new HashMap<>();
        metaArgs.forEach((k, v) -> v.ifPresent(s -> values.put(k, s)));
        return values;
    }

    private String expand(Instruction ins, String word) {
        try {
            return lexer.processWord(word, metaValues());
        } catch (ShellExpansionException e) {
            throw error(ins, e.getMessage());
        }
    }

    private DockerfileException error(Instruction ins, String reason) {
        return new DockerfileException(ins.location().file(), ins.location().startLine(), reason);
    }

    private record StageDraft(Instruction.From from, List<Instruction> instructions) {}

    private PlannedStage draftToStage(StageDraft draft, int index, Map<String, Integer> earlier) {
        Instruction.From from = draft.from();
        Optional<String> name = from.stageName();
        if (name.isPresent()) {
            if (!STAGE_NAME.matcher(name.get()).matches()) {
                throw error(from, "invalid name for build stage: \"" + name.get()
                        + "\", name can't start with a number or contain symbols");
            }
            if (earlier.containsKey(name.get().toLowerCase(Locale.ROOT))) {
                throw error(from, "duplicate stage name \"" + name.get() + "\"");
            }
        }
        String baseName = expand(from, from.image());
        if (baseName.isEmpty()) {
            throw error(from, "base name (" + from.image() + ") should not be blank");
        }
        StageRef base;
        Set<Integer> deps = new LinkedHashSet<>();
        Integer stageIndex = earlier.get(baseName.toLowerCase(Locale.ROOT));
        if (stageIndex != null) {
            base = new StageRef.Stage(stageIndex);
            deps.add(stageIndex);
        } else if (baseName.equalsIgnoreCase("scratch")) {
            base = new StageRef.Scratch();
        } else {
            base = new StageRef.Image(baseName);
        }
        Optional<String> platform = from.flag("platform").map(p -> expand(from, p));
        return new PlannedStage(index, name, from, baseName, base, platform, draft.instructions(), deps);
    }

    private List<PlannedStage> addCopyDependencies(List<PlannedStage> stages, Map<String, Integer> byName) {
        List<PlannedStage> result = new ArrayList<>();
        for (PlannedStage stage : stages) {
            Set<Integer> deps = new LinkedHashSet<>(stage.dependencies());
            for (Instruction ins : stage.instructions()) {
                if (ins instanceof Instruction.Copy copy) {
                    copy.flag("from").ifPresent(ref -> refuseExpansion(copy, ref));
                }
                for (String ref : fromReferences(ins)) {
                    StageRef resolved = resolve(ins, expand(ins, ref), stages.size(), byName);
                    if (resolved instanceof StageRef.Stage s) {
                        deps.add(s.index());
                    }
                }
            }
            result.add(new PlannedStage(stage.index(), stage.name(), stage.from(), stage.baseName(), stage.base(),
                    stage.platform(), stage.instructions(), deps));
        }
        return result;
    }

    /**
     * BuildKit resolves {@code COPY --from} before any variable is known: a value that shell
     * processing would change at all (a variable, quotes, an escape) is refused, as docker does.
     */
    private void refuseExpansion(Instruction.Copy copy, String ref) {
        String processed;
        try {
            processed = lexer.processWord(ref, Map.of());
        } catch (ShellExpansionException e) {
            throw error(copy, e.getMessage());
        }
        if (!processed.equals(ref)) {
            throw error(copy, "variable expansion is not supported for --from, define a new stage with FROM"
                    + " using ARG from global scope as a workaround");
        }
    }

    /** The raw {@code --from} of COPY and the {@code from=} of each RUN {@code --mount}. */
    static List<String> fromReferences(Instruction ins) {
        List<String> refs = new ArrayList<>();
        if (ins instanceof Instruction.Copy copy) {
            copy.flag("from").ifPresent(refs::add);
        } else if (ins instanceof Instruction.Run run) {
            run.flags().stream().filter(f -> f.name().equals("mount")).forEach(f -> f.value()
                    .ifPresent(v -> mountFrom(v).ifPresent(refs::add)));
        }
        return refs;
    }

    private static Optional<String> mountFrom(String spec) {
        for (String part : spec.split(",")) {
            if (part.startsWith("from=")) {
                return Optional.of(part.substring(5));
            }
        }
        return Optional.empty();
    }

    /** Resolves a {@code --from} value: a stage index, a stage name, or else an image. */
    static StageRef resolve(Instruction ins, String ref, int stageCount, Map<String, Integer> byName) {
        if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
            int index;
            try {
                index = Integer.parseInt(ref);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= stageCount) {
                throw new DockerfileException(ins.location().file(), ins.location().startLine(),
                        "invalid stage index " + ref + " (the Dockerfile has " + stageCount + " stage"
                                + (stageCount == 1 ? "" : "s") + ")");
            }
            return new StageRef.Stage(index);
        }
        Integer index = byName.get(ref.toLowerCase(Locale.ROOT));
        if (index != null) {
            return new StageRef.Stage(index);
        }
        if (ref.equalsIgnoreCase("scratch")) {
            return new StageRef.Scratch();
        }
        return new StageRef.Image(ref);
    }

    private void visit(int index, List<PlannedStage> stages, Set<Integer> done, Set<Integer> path, List<Integer> order) {
        if (done.contains(index)) {
            return;
        }
        PlannedStage stage = stages.get(index);
        if (!path.add(index)) {
            throw error(stage.from(), "circular dependency detected on stage: " + stage.displayName());
        }
        for (int dep : stage.dependencies()) {
            if (dep == index) {
                throw error(stage.from(), "circular dependency detected on stage: " + stage.displayName());
            }
            visit(dep, stages, done, path, order);
        }
        path.remove(index);
        done.add(index);
        order.add(index);
    }
}
