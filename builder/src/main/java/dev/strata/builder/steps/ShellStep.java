package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;

/** {@code SHELL ["exe", "args"]}: the shell for later shell-form RUN, CMD and ENTRYPOINT. */
final class ShellStep {
    private ShellStep() {}

    static void apply(Instruction.Shell shell, StageState s) {
        if (shell.shell().isEmpty()) {
            throw new StepException("SHELL requires at least one argument");
        }
        s.config.shell = shell.shell();
        s.commitHistory("SHELL " + GoFormat.plainList(shell.shell()), false, false);
    }
}
