package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.Instruction;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One build stage: its FROM and the instructions up to the next FROM.
 *
 * @param index 0-based position in the file
 * @param from the FROM instruction
 * @param baseName the image name after expanding global ARGs (the raw word if that failed)
 * @param base the earlier stage this one builds on ({@code FROM builder}), if any
 * @param commands the instructions after FROM
 */
record Stage(int index, Instruction.From from, String baseName, OptionalInt base, List<Instruction> commands) {
    Stage {
        commands = List.copyOf(commands);
    }

    /** The stage name in lower case, as BuildKit stores it. */
    Optional<String> name() {
        return from.stageName().map(n -> n.toLowerCase(Locale.ROOT));
    }
}
