package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;
import java.util.Locale;
import java.util.TreeSet;

/** {@code EXPOSE port[/proto] | from-to[/proto]}, normalised to {@code 80/tcp} as Docker does. */
final class ExposeStep {
    private ExposeStep() {}

    static void apply(Instruction.Expose expose, StageState s) {
        TreeSet<String> ports = new TreeSet<>();
        for (String raw : expose.ports()) {
            for (String word : s.expandWords(raw)) {
                parse(word, ports);
            }
        }
        s.config.exposedPorts.addAll(ports);
        s.commitHistory("EXPOSE " + GoFormat.structSet(ports), false, false);
    }

    private static void parse(String spec, TreeSet<String> out) {
        String port = spec;
        String proto = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            port = spec.substring(0, slash);
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new StepException("invalid proto: " + proto);
        }
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            port = port.substring(colon + 1);
        }
        int dash = port.indexOf('-');
        int from = number(dash < 0 ? port : port.substring(0, dash), spec);
        int to = dash < 0 ? from : number(port.substring(dash + 1), spec);
        if (to < from) {
            throw new StepException("invalid range specified for containerPort: " + spec);
        }
        for (int p = from; p <= to; p++) {
            out.add(p + "/" + proto);
        }
    }

    private static int number(String text, String spec) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new StepException("invalid containerPort: " + spec);
        }
    }
}
