package dev.strata.builder.steps;

import dev.strata.builder.context.users.Owner;
import dev.strata.builder.context.users.UserDatabase;

/** Resolves {@code --chown} and USER values to numeric owners from the image's passwd and group files. */
final class Owners {
    private Owners() {}

    /**
     * @param spec {@code user}, {@code user:group}, numeric ids in any mix
     * @throws StepException when a name is not in the image
     */
    static Owner resolve(StageState s, StepServices services, String spec) {
        if (spec.matches("[0-9]+(:[0-9]+)?")) {
            return UserDatabase.empty().resolveChown(spec);
        }
        StageFiles files = services.stageFiles();
        String passwd = files.readFile(s, "/etc/passwd").orElse(null);
        String group = files.readFile(s, "/etc/group").orElse(null);
        try {
            return UserDatabase.parse(passwd, group).resolveChown(spec);
        } catch (IllegalArgumentException e) {
            throw new StepException(e.getMessage(), e);
        }
    }
}
