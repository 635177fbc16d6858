package dev.strata.dockerfile.check;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.Warning;
import dev.strata.dockerfile.model.RawInstruction;
import dev.strata.dockerfile.model.SourceLocation;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BuildKit's build checks ({@code docker build --check}) over a parsed Dockerfile: same names,
 * same messages, same {@code # check=} directive. Pure: reads nothing but its arguments.
 *
 * <pre>{@code
 * List<CheckWarning> warnings = DockerfileChecks.run(Dockerfiles.parse(path), CheckOptions.lint());
 * warnings.forEach(w -> System.err.println(w.format()));   // Dockerfile:3: WARN FromAsCasing: ...
 * }</pre>
 */
public final class DockerfileChecks {
    /** The build arg that replaces the {@code # check=} directive, as in BuildKit. */
    public static final String CHECK_BUILD_ARG = "BUILDKIT_DOCKERFILE_CHECK";

    private DockerfileChecks() {}

    /**
     * Runs every check the directive does not skip.
     *
     * @return warnings ordered by line
     * @throws DockerfileException when the {@code # check=} directive is malformed
     */
    public static List<CheckWarning> run(ParseResult result, CheckOptions options) {
        CheckDirective directive = directive(result, options);
        Reporter reporter = new Reporter(directive);
        ShellLexer lexer = new ShellLexer(result.directives().escape());
        for (Warning warning : result.warnings()) {
            if (warning.isEmptyContinuation()) {
                SourceLocation at = warning.location();
                reporter.report(CheckRule.NO_EMPTY_CONTINUATION, new SourceLocation(at.file(), at.endLine(), at.endLine()),
                        "Empty continuation line");
            }
        }
        StagePlan plan = StagePlan.of(result, lexer, options.buildArgs());
        FileChecks.run(result.instructions(), plan.stages(), reporter);
        FromChecks.run(plan, lexer, reporter);
        Set<Integer> checked = stagesToCheck(plan, options);
        StageContext context = new StageContext(plan.globalArgs(), options.buildArgs(), options.dockerignore(),
                lexer, reporter);
        List<StageState> ends = new ArrayList<>();
        // A base image's environment only matters to a word that names a variable; reading it may
        // mean reading the image's config (~20 ms of a cached rebuild on an OCI layout base).
        boolean namesVariables = result.instructions().stream().anyMatch(i -> namesVariable(i.raw()));
        for (Stage stage : plan.stages()) {
            StageState state = stage.base().isPresent()
                    ? ends.get(stage.base().getAsInt()).copy()
                    : StageState.fromImage(stage.baseName().equals("scratch") || !namesVariables ? Optional.of(List.of())
                            : options.baseImageEnv().apply(stage.baseName()));
            stage.from().flag("platform").ifPresent(p -> state.os = platformOs(lexer, p, plan.globalArgs()));
            reporter.muted(!checked.contains(stage.index()));
            new StageChecks(state, context).run(stage.commands());
            ends.add(state);
        }
        reporter.muted(false);
        return reporter.warnings();
    }

    /** Whether any text of the instruction holds a {@code $}: everything the checks expand comes from it. */
    private static boolean namesVariable(RawInstruction raw) {
        return raw.text().indexOf('$') >= 0
                || raw.args().stream().anyMatch(a -> a.indexOf('$') >= 0)
                || raw.flags().stream().anyMatch(f -> f.raw().indexOf('$') >= 0)
                || raw.heredocs().stream().anyMatch(h -> h.content().indexOf('$') >= 0)
                || raw.trigger().map(DockerfileChecks::namesVariable).orElse(false);
    }

    private static String platformOs(ShellLexer lexer, String platform, java.util.Map<String, String> globalArgs) {
        try {
            String expanded = lexer.processWord(platform, globalArgs);
            return expanded.toLowerCase(java.util.Locale.ROOT).startsWith("windows") ? "windows" : "linux";
        } catch (dev.strata.dockerfile.shell.ShellExpansionException e) {
            return "linux";
        }
    }

    /**
     * The error BuildKit's instruction parser would stop at, which {@code docker build --check}
     * reports after the warnings: a flag the instruction does not take (or given twice), an
     * instruction before the first FROM, no FROM at all.
     */
    public static Optional<DockerfileException> error(ParseResult result) {
        return InstructionErrors.first(result);
    }

    /**
     * The directive in effect: the {@value #CHECK_BUILD_ARG} build arg if given, else the
     * file's {@code # check=} line.
     *
     * @throws DockerfileException when it is malformed
     */
    public static CheckDirective directive(ParseResult result, CheckOptions options) {
        String value = options.buildArgs().containsKey(CHECK_BUILD_ARG)
                ? options.buildArgs().get(CHECK_BUILD_ARG)
                : result.directives().check().orElse("");
        try {
            return CheckDirective.parse(value);
        } catch (IllegalArgumentException e) {
            throw new DockerfileException(result.file(), 0, "failed to parse check options: " + e.getMessage());
        }
    }

    private static Set<Integer> stagesToCheck(StagePlan plan, CheckOptions options) {
        if (plan.stages().isEmpty()) {
            return Set.of();
        }
        if (options.allStages()) {
            Set<Integer> all = new java.util.HashSet<>();
            plan.stages().forEach(s -> all.add(s.index()));
            return all;
        }
        Stage target = options.target()
                .map(t -> plan.stage(t).orElse(null))
                .orElse(plan.stages().get(plan.stages().size() - 1));
        return target == null ? Set.of() : plan.reachable(target);
    }
}
