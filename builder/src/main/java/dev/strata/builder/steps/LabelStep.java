package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.KeyValue;

/** {@code LABEL}: keys and values expanded, stored in the config. */
final class LabelStep {
    private LabelStep() {}

    static void apply(Instruction.Label label, StageState s) {
        StringBuilder createdBy = new StringBuilder("LABEL");
        java.util.Map<String, String> expanded = new java.util.LinkedHashMap<>();
        for (KeyValue kv : label.labels()) {
            String key = s.expand(kv.key());
            if (key.isEmpty()) {
                throw new StepException("LABEL names can not be blank");
            }
            expanded.put(key, s.expand(kv.value()));
            createdBy.append(' ').append(key).append('=').append(expanded.get(key));
        }
        s.config.labels.putAll(expanded);
        s.commitHistory(createdBy.toString(), false, false);
    }
}
