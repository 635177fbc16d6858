package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.shell.ExpandedWord;
import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of FROM lines against the global ARGs: InvalidDefaultArgInFrom, UndefinedArgInFrom
 * and RedundantTargetPlatform.
 */
final class FromChecks {
    private FromChecks() {}

    static void run(StagePlan plan, ShellLexer lexer, Reporter reporter) {
        invalidDefaults(plan, lexer, reporter);
        Set<String> known = new TreeSet<>(plan.metaArgNames());
        known.addAll(plan.globalArgs().keySet());
        for (Stage stage : plan.stages()) {
            Instruction.From from = stage.from();
            undefined(from.image(), plan.globalArgs(), known, from, lexer, reporter);
            from.flag("platform").ifPresent(p -> {
                undefined(p, plan.globalArgs(), known, from, lexer, reporter);
                redundantTargetPlatform(p, plan.globalArgs(), from, lexer, reporter);
            });
        }
    }

    /** Base names as they expand when no build arg is given. */
    private static void invalidDefaults(StagePlan plan, ShellLexer lexer, Reporter reporter) {
        Map<String, String> defaults;
        try {
            defaults = StagePlan.metaArgValues(lexer, StagePlan.defaultArgs(), plan.metaArgs(), Map.of());
        } catch (ShellExpansionException e) {
            return;
        }
        for (Stage stage : plan.stages()) {
            String image = stage.from().image();
            String expanded;
            try {
                expanded = lexer.processWord(image, defaults);
            } catch (ShellExpansionException e) {
                return;
            }
            if (!ImageReference.isValid(expanded)) {
                reporter.report(CheckRule.INVALID_DEFAULT_ARG_IN_FROM, stage.from().location(),
                        "Default value for ARG " + image + " results in empty or invalid base image name");
            }
        }
    }

    /** {@code --platform=$TARGETPLATFORM} (that variable alone, unchanged) is what FROM does anyway. */
    private static void redundantTargetPlatform(String word, Map<String, String> scope, Instruction.From from,
            ShellLexer lexer, Reporter reporter) {
        ExpandedWord expanded;
        try {
            expanded = lexer.processWordWithMatches(word, scope);
        } catch (ShellExpansionException e) {
            return;
        }
        if (expanded.matched().equals(Set.of("TARGETPLATFORM")) && expanded.unmatched().isEmpty()
                && expanded.value().equals(scope.get("TARGETPLATFORM"))) {
            reporter.report(CheckRule.REDUNDANT_TARGET_PLATFORM, from.location(),
                    "Setting platform to predefined " + word + " in FROM is redundant as this is the default behavior");
        }
    }

    private static void undefined(String word, Map<String, String> scope, Set<String> known,
            Instruction.From from, ShellLexer lexer, Reporter reporter) {
        ExpandedWord expanded;
        try {
            expanded = lexer.processWordWithMatches(word, scope);
        } catch (ShellExpansionException e) {
            return;
        }
        for (String name : new TreeSet<>(expanded.unmatched())) {
            if (known.contains(name)) {
                continue;
            }
            String suggestion = Texts.suggest(name, known);
            reporter.report(CheckRule.UNDEFINED_ARG_IN_FROM, from.location(),
                    "FROM argument '" + name + "' is not declared"
                            + (suggestion.isEmpty() ? "" : " (did you mean " + suggestion + "?)"));
        }
    }
}
