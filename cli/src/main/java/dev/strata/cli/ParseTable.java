package dev.strata.cli;

import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Form;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.RawInstruction;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/**
 * The human-readable view of {@code strata parse}: one block per instruction, with its lines,
 * flags, form and raw arguments.
 */
final class ParseTable {
    private ParseTable() {}

    static void render(ParseResult result, PrintWriter out) {
        StringBuilder header = new StringBuilder(result.file())
                .append(": ").append(result.instructions().size()).append(" instructions, escape ")
                .append(result.directives().escape());
        result.directives().syntax().ifPresent(s -> header.append(", syntax ").append(s));
        result.directives().check().ifPresent(c -> header.append(", check ").append(c));
        out.println(header);
        for (Instruction instruction : result.instructions()) {
            render(instruction, "", out);
        }
        result.warnings().forEach(w -> out.println("warning: " + w));
    }

    private static void render(Instruction instruction, String indent, PrintWriter out) {
        RawInstruction raw = instruction.raw();
        String lines = raw.location().startLine() == raw.location().endLine()
                ? String.valueOf(raw.location().startLine())
                : raw.location().startLine() + "-" + raw.location().endLine();
        StringBuilder line = new StringBuilder(indent)
                .append(String.format("%-7s %-11s", lines, instruction.keyword()));
        if (!raw.flags().isEmpty()) {
            line.append(raw.flags().stream().map(Flag::raw).collect(Collectors.joining(" ", "", " ")));
        }
        if (raw.form() == Form.EXEC) {
            line.append("(exec) ");
        } else if (raw.form() == Form.SHELL) {
            line.append("(shell) ");
        }
        line.append(raw.args().stream().map(ParseTable::quote).collect(Collectors.joining(" ")));
        out.println(line.toString().stripTrailing());
        for (Heredoc heredoc : raw.heredocs()) {
            out.println(indent + "        <<" + (heredoc.chomp() ? "-" : "") + heredoc.name()
                    + (heredoc.expand() ? "" : " (no expansion)") + ": "
                    + quote(heredoc.content()));
        }
        if (instruction instanceof Instruction.Onbuild onbuild) {
            render(onbuild.trigger(), indent + "  ", out);
        }
    }

    /** Java-escaped, double-quoted: spaces and newlines inside an argument stay visible. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
