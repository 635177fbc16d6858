package dev.strata.builder.steps;

import dev.strata.builder.context.CopyEnvironment;
import dev.strata.builder.context.SourceRoot;
import dev.strata.builder.plan.StageRef;
import java.util.Optional;

/** The file systems steps read: the context, another stage or image for COPY --from, the current stage. */
public interface StageFiles {

    /** The build context, with its ignore rules. */
    SourceRoot context();

    /**
     * The file system a {@code --from} names: a stage (waits for it), a named context directory,
     * or an image.
     *
     * @param name the value as written, for messages
     * @param step the step that reads it (layers extracted for it report progress as this step's)
     * @throws StepException when it cannot be found
     */
    SourceRoot open(StageRef from, String name, int step);

    /**
     * What COPY needs of the image built so far: its users and groups, its tree at the
     * destination ({@code link}: an empty tree), the store, the created time.
     */
    CopyEnvironment copyEnvironment(StageState state, boolean link);

    /** A COPY environment with an empty image tree and no users (for cache keys). */
    CopyEnvironment emptyEnvironment(StageState state);

    /**
     * {@code /etc/passwd} or {@code /etc/group} of the image built so far, if it has one (read
     * from the layers, which are not extracted for it).
     */
    Optional<String> readFile(StageState state, String absolutePath);

    /** Whether a path exists in the image built so far (its symlinks followed inside the image). */
    boolean exists(StageState state, String absolutePath);

    /**
     * {@code absolutePath} with the image's symlinks followed inside its root (missing components
     * kept as names): where a {@code mkdir -p} in the image would create it.
     */
    String resolve(StageState state, String absolutePath);
}
