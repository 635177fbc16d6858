package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;
import java.util.Locale;

/** {@code ONBUILD <instruction>}: stored in the config as written, run by images built FROM this one. */
final class OnbuildStep {
    private OnbuildStep() {}

    static void apply(Instruction.Onbuild onbuild, StageState s) {
        String keyword = onbuild.trigger().keyword();
        if (keyword.equals("ONBUILD") || keyword.equals("FROM") || keyword.equals("MAINTAINER")) {
            throw new StepException(keyword + " isn't allowed as an ONBUILD trigger");
        }
        s.config.onBuild.add(triggerText(onbuild));
    }

    /** The trigger as Docker stores it: the keyword upper-cased, the rest as written. */
    static String triggerText(Instruction.Onbuild onbuild) {
        String text = onbuild.raw().text().strip();
        int space = text.indexOf(' ');
        String word = space < 0 ? text : text.substring(0, space);
        if (word.equalsIgnoreCase(onbuild.trigger().raw().keyword())) {
            return word.toUpperCase(Locale.ROOT) + (space < 0 ? "" : text.substring(space));
        }
        return text;
    }
}
