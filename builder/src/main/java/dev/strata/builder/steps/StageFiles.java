package dev.strata.builder.steps;

import dev.strata.builder.plan.StageRef;
import java.util.Optional;

/** The file systems steps read: another stage or image for COPY --from, the current stage for --chown. */
public interface StageFiles {

    /** The build context itself. */
    FileRoot context();

    /**
     * The file system a {@code --from} names: a stage (waits for it), a named context directory,
     * or an image.
     *
     * @throws StepException when it cannot be found
     */
    FileRoot open(StageRef from);

    /** A file of the image built so far ({@code /etc/passwd}), if it exists. */
    Optional<String> readFile(StageState state, String absolutePath);

    /** Whether a path exists in the image built so far, as a directory or otherwise. */
    boolean exists(StageState state, String absolutePath);
}
