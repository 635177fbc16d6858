package dev.strata.dockerfile.check;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Instruction;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The errors BuildKit's {@code instructions.Parse} raises before any check runs, which {@code
 * docker build --check} reports as the check's error: a flag an instruction does not take, a
 * flag given twice, an instruction before the first FROM, a Dockerfile without FROM. Messages
 * are BuildKit's.
 */
final class InstructionErrors {
    /** The flags each instruction takes (BuildKit's {@code parseXxx}); absent: its flags are not looked at. */
    private static final Map<String, List<String>> FLAGS = Map.ofEntries(
            Map.entry("ADD", List.of("chown", "chmod", "link", "keep-git-dir", "checksum", "unpack", "exclude")),
            Map.entry("COPY", List.of("chown", "from", "chmod", "link", "exclude", "parents")),
            Map.entry("FROM", List.of("platform")),
            Map.entry("RUN", List.of("mount", "network", "security", "device")),
            Map.entry("HEALTHCHECK", List.of("interval", "timeout", "start-period", "start-interval", "retries")),
            Map.entry("ENV", List.of()), Map.entry("MAINTAINER", List.of()), Map.entry("LABEL", List.of()),
            Map.entry("ONBUILD", List.of()), Map.entry("WORKDIR", List.of()), Map.entry("CMD", List.of()),
            Map.entry("ENTRYPOINT", List.of()), Map.entry("EXPOSE", List.of()), Map.entry("USER", List.of()),
            Map.entry("VOLUME", List.of()), Map.entry("SHELL", List.of()));
    /** Flags that may be given more than once. */
    private static final Set<String> REPEATABLE = Set.of("exclude", "mount", "device");

    private InstructionErrors() {}

    /** The first error, in file order, as BuildKit finds it. */
    static Optional<DockerfileException> first(ParseResult result) {
        boolean stage = false;
        for (Instruction instruction : result.instructions()) {
            Optional<String> flagError = flagError(instruction);
            if (flagError.isPresent()) {
                return Optional.of(error(instruction, flagError.get()));
            }
            if (instruction instanceof Instruction.From) {
                stage = true;
            } else if (!stage && !(instruction instanceof Instruction.Arg)) {
                return Optional.of(error(instruction, "no build stage in current context"));
            }
        }
        if (!stage) {
            return Optional.of(new DockerfileException(result.file(), 0, "dockerfile contains no stages to build"));
        }
        return Optional.empty();
    }

    private static Optional<String> flagError(Instruction instruction) {
        List<String> allowed = FLAGS.get(instruction.keyword());
        if (allowed == null || (instruction instanceof Instruction.Healthcheck h && h.command().isEmpty())) {
            return Optional.empty();
        }
        Set<String> used = new HashSet<>();
        for (Flag flag : instruction.flags()) {
            if (!allowed.contains(flag.name())) {
                String suggestion = Texts.suggest(flag.name(), allowed);
                return Optional.of("unknown flag: --" + flag.name()
                        + (suggestion.isEmpty() ? "" : " (did you mean " + suggestion + "?)"));
            }
            if (!used.add(flag.name()) && !REPEATABLE.contains(flag.name())) {
                return Optional.of("duplicate flag specified: --" + flag.name());
            }
        }
        return Optional.empty();
    }

    private static DockerfileException error(Instruction instruction, String reason) {
        return new DockerfileException(instruction.location().file(), instruction.location().startLine(), reason);
    }
}
