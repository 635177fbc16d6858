package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Instruction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code HEALTHCHECK [--interval=..] CMD ...} or {@code HEALTHCHECK NONE}; durations stored in nanoseconds. */
final class HealthcheckStep {
    private static final Set<String> FLAGS = Set.of("interval", "timeout", "start-period", "start-interval", "retries");
    private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

    private HealthcheckStep() {}

    static void apply(Instruction.Healthcheck hc, StageState s) {
        for (Flag f : hc.flags()) {
            if (!FLAGS.contains(f.name())) {
                throw new StepException("unknown flag: --" + f.name());
            }
        }
        Healthcheck result;
        if (hc.command().isEmpty()) {
            if (!hc.flags().isEmpty()) {
                throw new StepException("HEALTHCHECK NONE takes no flags");
            }
            result = new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0);
        } else {
            List<String> test = new ArrayList<>();
            Command command = hc.command().get();
            if (command instanceof Command.Exec exec) {
                test.add("CMD");
                test.addAll(exec.args());
            } else {
                test.add("CMD-SHELL");
                test.add(((Command.Shell) command).text());
            }
            int retries = hc.flag("retries").map(HealthcheckStep::retries).orElse(0);
            result = new Healthcheck(test, duration(hc, "interval"), duration(hc, "timeout"),
                    duration(hc, "start-period"), duration(hc, "start-interval"), retries);
        }
        s.config.healthcheck = result;
        s.commitHistory("HEALTHCHECK &{" + GoFormat.quotedList(result.test()) + " "
                + GoFormat.quote(GoFormat.duration(result.intervalNanos())) + " "
                + GoFormat.quote(GoFormat.duration(result.timeoutNanos())) + " "
                + GoFormat.quote(GoFormat.duration(result.startPeriodNanos())) + " "
                + GoFormat.quote(GoFormat.duration(result.startIntervalNanos())) + " "
                + GoFormat.quotedRune(result.retries()) + "}", false, false);
    }

    private static long duration(Instruction.Healthcheck hc, String flag) {
        String text = hc.flag(flag).orElse("");
        if (text.isEmpty()) {
            return 0;
        }
        long nanos = parseDuration(text, flag);
        if (nanos != 0 && nanos < 1_000_000L) {
            throw new StepException("--" + flag + " \"" + text + "\" cannot be less than 1ms");
        }
        return nanos;
    }

    private static int retries(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new StepException("--retries cannot be negative (" + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new StepException("--retries: invalid number \"" + text + "\"");
        }
    }

    /** Go's {@code time.ParseDuration}: {@code 1h30m}, {@code 1.5s}, {@code 500ms}. */
    static long parseDuration(String text, String flag) {
        String rest = text;
        boolean negative = rest.startsWith("-");
        if (negative || rest.startsWith("+")) {
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(rest);
        BigDecimal total = BigDecimal.ZERO;
        int pos = 0;
        while (pos < rest.length()) {
            if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new StepException("--" + flag + ": invalid duration \"" + text + "\"");
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        if (pos == 0) {
            throw new StepException("--" + flag + ": invalid duration \"" + text + "\"");
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }
}
