package dev.strata.builder.steps;

import dev.strata.dockerfile.model.ArgDeclaration;
import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ARG name[=default]} inside a stage: brings the name into scope. History shows the value
 * the ARG gives ({@code --build-arg}, default, or global ARG), as BuildKit's does: build args are
 * not secrets ({@code docker history} shows them; secrets go through {@code --secret}).
 */
final class ArgStep {
    private ArgStep() {}

    static void apply(Instruction.Arg arg, StageState s) {
        List<String> parts = new ArrayList<>();
        for (ArgDeclaration decl : arg.declarations()) {
            String name = s.expand(decl.name());
            Optional<String> def = decl.defaultValue().map(s::expand);
            s.args.declare(name, def);
            s.variablesChanged();
            StageVariables.check(s, "ARG " + name);
            parts.add(s.args.given(name, def).map(v -> name + "=" + v).orElse(name));
        }
        s.commitHistory("ARG " + String.join(" ", parts), false, false);
    }
}
