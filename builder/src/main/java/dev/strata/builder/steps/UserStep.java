package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;

/** {@code USER name[:group]}, expanded, stored as written. */
final class UserStep {
    private UserStep() {}

    static void apply(Instruction.User user, StageState s) {
        String value = s.expand(user.user());
        if (value.isEmpty()) {
            throw new StepException("USER requires a user name or id");
        }
        s.config.user = value;
        s.commitHistory("USER " + value, false, false);
    }
}
