package dev.strata.dockerfile.check;

import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The stages of a Dockerfile with the global ARGs in scope for their FROM lines, and which
 * stages a build of the target needs.
 *
 * @param globalArgs the global scope: BuildKit's platform args plus global ARGs with a value
 * @param metaArgNames every global ARG name, with or without a value
 * @param metaArgs the global ARG instructions, in order
 */
record StagePlan(
        Map<String, String> globalArgs, Set<String> metaArgNames, List<Instruction.Arg> metaArgs,
        List<Stage> stages) {

    static StagePlan of(ParseResult result, ShellLexer lexer, Map<String, String> buildArgs) {
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<Instruction.From> froms = new ArrayList<>();
        List<List<Instruction>> bodies = new ArrayList<>();
        for (Instruction instruction : result.instructions()) {
            if (instruction instanceof Instruction.From from) {
                froms.add(from);
                bodies.add(new ArrayList<>());
            } else if (froms.isEmpty()) {
                if (instruction instanceof Instruction.Arg arg) {
                    metaArgs.add(arg);
                }
            } else {
                bodies.get(bodies.size() - 1).add(instruction);
            }
        }
        Map<String, String> global = metaArgValues(lexer, defaultArgs(), metaArgs, buildArgs);
        Set<String> names = new LinkedHashSet<>();
        metaArgs.forEach(a -> a.declarations().forEach(d -> names.add(d.name())));
        List<Stage> stages = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < froms.size(); i++) {
            Instruction.From from = froms.get(i);
            String baseName;
            try {
                baseName = lexer.processWord(from.image(), global);
            } catch (ShellExpansionException e) {
                baseName = from.image();
            }
            Integer base = byName.get(baseName);
            stages.add(new Stage(i, from, baseName, base == null ? OptionalInt.empty() : OptionalInt.of(base),
                    bodies.get(i)));
            int index = i;
            from.stageName().ifPresent(n -> byName.put(n.toLowerCase(Locale.ROOT), index));
        }
        return new StagePlan(global, names, metaArgs, stages);
    }

    /**
     * BuildKit's {@code buildMetaArgs}: the global ARGs in order, each default expanded with
     * the ones before it, a build arg replacing the default.
     *
     * @return the scope, or the defaults alone when a default cannot be expanded
     */
    static Map<String, String> metaArgValues(ShellLexer lexer, Map<String, String> defaults,
            List<Instruction.Arg> metaArgs, Map<String, String> buildArgs) {
        Map<String, String> args = new LinkedHashMap<>(defaults);
        try {
            for (Instruction.Arg arg : metaArgs) {
                arg.declarations().forEach(d -> {
                    String value = buildArgs.containsKey(d.name()) ? buildArgs.get(d.name())
                            : d.defaultValue().map(v -> lexer.processWord(v, args)).orElse(null);
                    if (value != null) {
                        args.put(d.name(), value);
                        if (args.values().stream().mapToLong(String::length).sum() > 8L << 20) {
                            throw new ShellExpansionException("global ARG values larger than 8 MiB");
                        }
                    }
                });
            }
        } catch (ShellExpansionException e) {
            return new LinkedHashMap<>(defaults);
        }
        return args;
    }

    /** The args BuildKit defines before any ARG: the build and target platform. */
    static Map<String, String> defaultArgs() {
        String arch = switch (System.getProperty("os.arch", "amd64")) {
            case "aarch64", "arm64" -> "arm64";
            case "x86_64", "amd64" -> "amd64";
            default -> System.getProperty("os.arch");
        };
        Map<String, String> args = new LinkedHashMap<>();
        for (String prefix : List.of("BUILD", "TARGET")) {
            args.put(prefix + "PLATFORM", "linux/" + arch);
            args.put(prefix + "OS", "linux");
            args.put(prefix + "ARCH", arch);
            args.put(prefix + "VARIANT", "");
        }
        return args;
    }

    /** Finds a stage by name (case-insensitive) or by index, as COPY --from does. */
    Optional<Stage> stage(String ref) {
        String lower = ref.toLowerCase(Locale.ROOT);
        for (Stage stage : stages) {
            if (stage.name().filter(lower::equals).isPresent()) {
                return Optional.of(stage);
            }
        }
        if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit) && ref.length() < 9) {
            int index = Integer.parseInt(ref);
            if (index < stages.size()) {
                return Optional.of(stages.get(index));
            }
        }
        return Optional.empty();
    }

    /**
     * The stages a build of {@code target} needs: its base chain and every stage read by
     * {@code COPY --from} or {@code RUN --mount=from=}.
     */
    Set<Integer> reachable(Stage target) {
        Set<Integer> seen = new LinkedHashSet<>();
        Deque<Stage> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            Stage stage = todo.pop();
            if (!seen.add(stage.index())) {
                continue;
            }
            stage.base().ifPresent(i -> todo.push(stages.get(i)));
            for (Instruction instruction : stage.commands()) {
                for (String ref : sources(instruction)) {
                    stage(ref).ifPresent(todo::push);
                }
            }
        }
        return seen;
    }

    private static List<String> sources(Instruction instruction) {
        List<String> refs = new ArrayList<>();
        if (instruction instanceof Instruction.Copy) {
            instruction.flag("from").ifPresent(refs::add);
        }
        if (instruction instanceof Instruction.Run) {
            instruction.flags().stream()
                    .filter(f -> f.name().equals("mount"))
                    .forEach(f -> f.value().ifPresent(v -> {
                        for (String field : v.split(",")) {
                            if (field.startsWith("from=")) {
                                refs.add(field.substring("from=".length()));
                            }
                        }
                    }));
        }
        return refs;
    }
}
