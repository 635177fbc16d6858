package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;

/** {@code MAINTAINER name}: the image's {@code author}. Not expanded, as in Docker. */
final class MaintainerStep {
    private MaintainerStep() {}

    static void apply(Instruction.Maintainer maintainer, StageState s) {
        s.author = maintainer.name();
        s.commitHistory("MAINTAINER " + maintainer.name(), false, false);
    }
}
