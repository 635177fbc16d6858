package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.KeyValue;
import java.util.ArrayList;
import java.util.List;

/** {@code ENV}: every pair is expanded against the environment before the instruction, then set. */
final class EnvStep {
    private EnvStep() {}

    static void apply(Instruction.Env env, StageState s) {
        List<String[]> pairs = new ArrayList<>();
        for (KeyValue kv : env.variables()) {
            String key = s.expand(kv.key());
            if (key.isEmpty()) {
                throw new StepException("ENV names can not be blank");
            }
            pairs.add(new String[] {key, s.expand(kv.value())});
        }
        StringBuilder createdBy = new StringBuilder("ENV");
        s.config.setEnv(pairs);
        for (String[] p : pairs) {
            createdBy.append(' ').append(p[0]).append('=').append(p[1]);
        }
        s.variablesChanged();
        StageVariables.check(s, "ENV");
        s.commitHistory(createdBy.toString(), false, false);
    }
}
