package dev.strata.dockerfile;

import dev.strata.dockerfile.model.Instruction;
import java.util.List;
import java.util.Objects;

/** A parsed Dockerfile: its directives, its instructions in file order, and warnings. */
public record ParseResult(String file, Directives directives, List<Instruction> instructions, List<Warning> warnings) {
    public ParseResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(directives, "directives");
        instructions = List.copyOf(instructions);
        warnings = List.copyOf(warnings);
    }
}
