package dev.strata.dockerfile.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the checks know beyond the Dockerfile.
 *
 * @param buildArgs {@code --build-arg} values; they change what ARGs expand to
 * @param target the stage being built ({@code --target}); empty means every stage is checked, as
 *     {@code docker build --check} does. Checks BuildKit runs while converting instructions only
 *     look at stages the target needs, the others at the whole file.
 * @param lastStageIsTarget true for a build without {@code --target}
 * @param dockerignore the build context's {@code .dockerignore}, for CopyIgnoredFile
 * @param baseImageEnv the {@code KEY=value} environment of a base image, by its expanded name,
 *     or empty when not known. UndefinedVar is only reported in stages whose starting
 *     environment is known ({@code scratch}, or an image this function knows): a variable the
 *     image defines must not be reported undefined
 */
public record CheckOptions(
        Map<String, String> buildArgs,
        Optional<String> target,
        boolean lastStageIsTarget,
        Optional<ContextIgnore> dockerignore,
        Function<String, Optional<List<String>>> baseImageEnv) {

    public CheckOptions {
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(dockerignore, "dockerignore");
        Objects.requireNonNull(baseImageEnv, "baseImageEnv");
        if (lastStageIsTarget && target.isPresent()) {
            throw new IllegalArgumentException("either a target or the last stage, not both");
        }
    }

    /** Every stage, no build args, no context: {@code strata build --check} on a bare file. */
    public static CheckOptions lint() {
        return new CheckOptions(Map.of(), Optional.empty(), false, Optional.empty(), image -> Optional.empty());
    }

    /** The checks of a build of {@code target} (empty: the last stage) with these build args. */
    public static CheckOptions build(Optional<String> target, Map<String, String> buildArgs) {
        return new CheckOptions(buildArgs, target, target.isEmpty(), Optional.empty(), image -> Optional.empty());
    }

    public CheckOptions withBuildArgs(Map<String, String> args) {
        return new CheckOptions(args, target, lastStageIsTarget, dockerignore, baseImageEnv);
    }

    public CheckOptions withDockerignore(ContextIgnore ignore) {
        return new CheckOptions(buildArgs, target, lastStageIsTarget, Optional.of(ignore), baseImageEnv);
    }

    public CheckOptions withBaseImageEnv(Function<String, Optional<List<String>>> env) {
        return new CheckOptions(buildArgs, target, lastStageIsTarget, dockerignore, env);
    }

    /** Whether every stage is checked rather than those the target needs. */
    boolean allStages() {
        return target.isEmpty() && !lastStageIsTarget;
    }
}
