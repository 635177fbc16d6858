package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.List;

/** {@code CMD} and {@code ENTRYPOINT}: shell form wrapped in the stage's SHELL; ENTRYPOINT resets an inherited CMD. */
final class CommandSteps {
    private CommandSteps() {}

    static void cmd(Instruction.Cmd cmd, StageState s) {
        List<String> args = argv(cmd.command(), s);
        s.config.cmd = args;
        s.cmdSet = true;
        s.commitHistory("CMD " + GoFormat.quotedList(args), false, false);
    }

    static void entrypoint(Instruction.Entrypoint entrypoint, StageState s) {
        List<String> args = argv(entrypoint.command(), s);
        s.config.entrypoint = args;
        if (!s.cmdSet) {
            s.config.cmd = null;
        }
        s.commitHistory("ENTRYPOINT " + GoFormat.quotedList(args), false, false);
    }

    /** Exec form as given; shell form as {@code SHELL + [text]}. */
    static List<String> argv(Command command, StageState s) {
        if (command instanceof Command.Exec exec) {
            return exec.args();
        }
        List<String> args = new ArrayList<>(s.config.shellOrDefault());
        args.add(((Command.Shell) command).text());
        return List.copyOf(args);
    }
}
