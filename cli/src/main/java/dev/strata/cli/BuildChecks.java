package dev.strata.cli;

import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.CheckInputs;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.DockerfileInput;
import dev.strata.cli.progress.Renderer;
import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.check.CheckDirective;
import dev.strata.dockerfile.check.CheckOptions;
import dev.strata.dockerfile.check.CheckWarning;
import dev.strata.dockerfile.check.ContextIgnore;
import dev.strata.dockerfile.check.DockerfileChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The build checks of one {@code strata build}: run before the build, printed with the
 * progress (or alone for {@code --check}), failing the build when the Dockerfile says
 * {@code # check=error=true}.
 *
 * @param warnings what the checks found, by line
 * @param failure BuildKit's {@code lint violation found for rules: ...} when {@code error=true}
 * @param error the Dockerfile error docker's {@code --check} reports after the warnings (a flag
 *     an instruction does not take, no FROM); a build reports it itself
 */
record BuildChecks(List<CheckWarning> warnings, Optional<String> failure, Optional<String> error) {

    /**
     * @param allStages true for {@code --check} without {@code --target}, which checks every
     *     stage as {@code docker build --check} does; otherwise the stages the target needs
     */
    private static BuildChecks run(ParseResult parsed, BuildRequest request, boolean allStages) throws IOException {
        Optional<String> target = request.target();
        CheckOptions options = allStages && target.isEmpty()
                ? CheckOptions.lint().withBuildArgs(request.buildArgs())
                : CheckOptions.build(target, request.buildArgs());
        Optional<ContextIgnore> ignore = CheckInputs.contextIgnore(request); // CopyIgnoredFile
        if (ignore.isPresent()) {
            options = options.withDockerignore(ignore.get());
        }
        options = options.withBaseImageEnv(CheckInputs.baseImageEnv(request, System.getenv())); // UndefinedVar
        List<CheckWarning> warnings = DockerfileChecks.run(parsed, options);
        CheckDirective directive = DockerfileChecks.directive(parsed, options);
        Optional<String> error = DockerfileChecks.error(parsed).map(DockerfileException::getMessage);
        return new BuildChecks(warnings, directive.failure(warnings), error);
    }

    /** The checks of {@code strata build --check}: every stage. Parse errors are thrown. */
    static BuildChecks forCheck(BuildRequest request) throws IOException {
        return run(parse(request), request, true);
    }

    /**
     * The checks of a build: the stages it needs. A Dockerfile that does not parse yields no
     * warnings here; the build reports its error.
     */
    static BuildChecks forBuild(BuildRequest request) throws IOException {
        ParseResult parsed;
        try {
            parsed = parse(request);
        } catch (DockerfileException | UserException e) {
            return new BuildChecks(List.of(), Optional.empty(), Optional.empty());
        }
        return run(parsed, request, false);
    }


    private static ParseResult parse(BuildRequest request) {
        try {
            return DockerfileInput.parse(request);
        } catch (BuildException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    /**
     * Hands the warnings to the progress view (shown as {@code Dockerfile:N: WARN Name: message})
     * and fails the build before it starts when the Dockerfile says {@code # check=error=true}.
     */
    void report(Renderer renderer) {
        warnings.forEach(w -> renderer.warning(w.file(), w.line(), w.checkName() + ": " + w.message()));
        failure.ifPresent(f -> {
            throw new UserException("error: " + f);
        });
    }

    /**
     * The report of {@code strata build --check}, like {@code docker build --check}: every
     * warning with its documentation link, then a count.
     *
     * @return the exit code: 0 when nothing was found, 1 otherwise (as docker's)
     */
    int printReport(PrintWriter out) {
        for (CheckWarning w : warnings) {
            out.println(w.format());
            out.println("  " + w.url());
        }
        if (warnings.isEmpty()) {
            out.println("Check complete, no warnings found.");
        } else {
            out.println();
            int n = warnings.size();
            out.println("Check complete, " + n + (n == 1 ? " warning has" : " warnings have") + " been found!");
        }
        failure.ifPresent(f -> out.println("error: " + f));
        error.ifPresent(e -> out.println("error: " + e));
        out.flush();
        return warnings.isEmpty() && error.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
