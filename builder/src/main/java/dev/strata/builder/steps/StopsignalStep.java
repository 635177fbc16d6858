package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;
import java.util.Locale;
import java.util.Set;

/** {@code STOPSIGNAL}: a signal name ({@code SIGTERM}, {@code TERM}) or number, validated as moby does. */
final class StopsignalStep {
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP",
            "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP",
            "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
            "RTMIN", "RTMAX");

    private StopsignalStep() {}

    static void apply(Instruction.Stopsignal stop, StageState s) {
        String value = s.expand(stop.signal());
        validate(value);
        s.config.stopSignal = value;
        s.commitHistory("STOPSIGNAL " + value, false, false);
    }

    static void validate(String signal) {
        if (signal.matches("[0-9]+")) {
            int n = Integer.parseInt(signal);
            if (n == 0 || n > 64) {
                throw new StepException("invalid signal: " + signal);
            }
            return;
        }
        String name = signal.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (!NAMES.contains(name) && !name.matches("RTMIN\\+([1-9]|1[0-5])|RTMAX-([1-9]|1[0-4])")) {
            throw new StepException("invalid signal: " + signal);
        }
    }
}
