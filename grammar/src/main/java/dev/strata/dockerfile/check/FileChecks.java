package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.RawInstruction;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks BuildKit runs on the whole file while parsing, whatever the target:
 * MaintainerDeprecated, StageNameCasing, FromAsCasing, ReservedStageName, DuplicateStageName and
 * ConsistentInstructionCasing.
 */
final class FileChecks {
    private static final Set<String> RESERVED_STAGE_NAMES = Set.of("context", "scratch");

    private FileChecks() {}

    static void run(List<Instruction> instructions, List<Stage> stages, Reporter reporter) {
        for (Instruction instruction : instructions) {
            if (instruction instanceof Instruction.Maintainer) {
                reporter.report(CheckRule.MAINTAINER_DEPRECATED, instruction.location(),
                        "Maintainer instruction is deprecated in favor of using label");
            } else if (instruction instanceof Instruction.From from) {
                fromCasing(from, reporter);
            }
        }
        stageNames(stages, reporter);
        instructionCasing(stages, reporter);
    }

    private static void fromCasing(Instruction.From from, Reporter reporter) {
        RawInstruction raw = from.raw();
        List<String> args = raw.args();
        if (args.size() == 3 && !args.get(2).equals(lower(args.get(2)))) {
            reporter.report(CheckRule.STAGE_NAME_CASING, from.location(),
                    "Stage name '" + args.get(2) + "' should be lowercase");
        }
        if (args.size() >= 3 && !fromMatchesAs(raw.keyword(), args.get(1))) {
            reporter.report(CheckRule.FROM_AS_CASING, from.location(),
                    "'" + args.get(1) + "' and '" + raw.keyword() + "' keywords' casing do not match");
        }
    }

    /** An inconsistently cased FROM is left to ConsistentInstructionCasing. */
    private static boolean fromMatchesAs(String from, String as) {
        if (from.equals(lower(from))) {
            return as.equals(lower(as));
        }
        if (from.equals(from.toUpperCase(Locale.ROOT))) {
            return as.equals(as.toUpperCase(Locale.ROOT));
        }
        return true;
    }

    private static void stageNames(List<Stage> stages, Reporter reporter) {
        Set<String> seen = new HashSet<>();
        for (Stage stage : stages) {
            stage.name().ifPresent(name -> {
                if (RESERVED_STAGE_NAMES.contains(name)) {
                    reporter.report(CheckRule.RESERVED_STAGE_NAME, stage.from().location(),
                            "Stage name should not use the same name as reserved stage " + Texts.quote(name));
                }
                if (!seen.add(name)) {
                    reporter.report(CheckRule.DUPLICATE_STAGE_NAME, stage.from().location(),
                            "Duplicate stage name " + Texts.quote(name) + ", stage names should be unique");
                }
            });
        }
    }

    /** Global ARGs are not part of a stage and are not counted, as in BuildKit. */
    private static void instructionCasing(List<Stage> stages, Reporter reporter) {
        int lowerCount = 0;
        int upperCount = 0;
        for (Stage stage : stages) {
            for (Instruction instruction : withFrom(stage)) {
                String keyword = instruction.raw().keyword();
                if (Texts.selfConsistent(keyword)) {
                    if (keyword.equals(lower(keyword))) {
                        lowerCount++;
                    } else {
                        upperCount++;
                    }
                }
            }
        }
        boolean majorityLower = lowerCount > upperCount;
        for (Stage stage : stages) {
            for (Instruction instruction : withFrom(stage)) {
                String keyword = instruction.raw().keyword();
                String casing = null;
                if (majorityLower && !keyword.equals(lower(keyword))) {
                    casing = "lowercase";
                } else if (!majorityLower && !keyword.equals(keyword.toUpperCase(Locale.ROOT))) {
                    casing = "uppercase";
                }
                if (casing != null) {
                    reporter.report(CheckRule.CONSISTENT_INSTRUCTION_CASING, instruction.location(),
                            "Command '" + keyword + "' should match the case of the command majority (" + casing + ")");
                }
            }
        }
    }

    private static List<Instruction> withFrom(Stage stage) {
        List<Instruction> all = new java.util.ArrayList<>();
        all.add(stage.from());
        all.addAll(stage.commands());
        return all;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
