package dev.strata.cli;

import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.check.CheckDirective;
import dev.strata.dockerfile.check.CheckOptions;
import dev.strata.dockerfile.check.CheckWarning;
import dev.strata.dockerfile.check.DockerfileChecks;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build checks of one {@code strata build}: run before the build, printed with the
 * progress (or alone for {@code --check}), failing the build when the Dockerfile says
 * {@code # check=error=true}.
 *
 * @param warnings what the checks found, by line
 * @param failure BuildKit's {@code lint violation found for rules: ...} when {@code error=true}
 */
record BuildChecks(List<CheckWarning> warnings, Optional<String> failure) {

    /**
     * @param allStages true for {@code --check}, which checks every stage as
     *     {@code docker build --check} does; a build checks the stages it needs
     */
    static BuildChecks run(ParseResult parsed, Optional<String> target, Map<String, String> buildArgs,
            boolean allStages) {
        CheckOptions options = allStages
                ? CheckOptions.lint().withBuildArgs(buildArgs)
                : CheckOptions.build(target, buildArgs);
        List<CheckWarning> warnings = DockerfileChecks.run(parsed, options);
        CheckDirective directive = DockerfileChecks.directive(parsed, options);
        return new BuildChecks(warnings, directive.failure(warnings));
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
        out.flush();
        return warnings.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
