package dev.strata.dockerfile.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The settings of a {@code # check=skip=A,B;error=true} directive (or of the
 * {@code BUILDKIT_DOCKERFILE_CHECK} build argument, which takes its place), parsed as BuildKit's
 * {@code linter.ParseLintOptions} does.
 *
 * @param skipAll {@code skip=all}
 * @param skipped names after {@code skip=}
 * @param error {@code error=true}: a build with any warning fails
 */
public record CheckDirective(boolean skipAll, Set<String> skipped, boolean error) {
    /** No directive: every check runs, warnings do not fail the build. */
    public static final CheckDirective NONE = new CheckDirective(false, Set.of(), false);

    public CheckDirective {
        skipped = Set.copyOf(skipped);
    }

    /**
     * Parses the value of the directive.
     *
     * @throws IllegalArgumentException with BuildKit's wording for a malformed value
     */
    public static CheckDirective parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return NONE;
        }
        boolean skipAll = false;
        boolean error = false;
        Set<String> skipped = Set.of();
        // BuildKit splits into at most three parts; a fourth option stays glued to the third
        for (String part : text.split(";", 3)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid check option \"" + part + "\"");
            }
            String key = part.substring(0, eq).strip();
            String val = part.substring(eq + 1).strip();
            switch (key) {
                case "skip" -> {
                    if (val.equals("all")) {
                        skipAll = true;
                    } else {
                        skipped = Arrays.stream(val.split(",", -1)).map(String::strip).collect(Collectors.toSet());
                    }
                }
                case "error" -> error = parseBool(part, val);
                case "experimental" -> {
                    // every Strata check is on by default; accepted for compatibility
                }
                default -> throw new IllegalArgumentException("invalid check option \"" + key + "\"");
            }
        }
        return new CheckDirective(skipAll, skipped, error);
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseBool(String part, String val) {
        return switch (val) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("failed to parse check option \"" + part
                    + "\": strconv.ParseBool: parsing \"" + val + "\": invalid syntax");
        };
    }

    /** Whether warnings of this check are reported. */
    public boolean enabled(CheckRule rule) {
        return !skipAll && !skipped.contains(rule.checkName());
    }

    /**
     * The error that fails a build when {@code error=true} and checks warned, worded as BuildKit
     * does: {@code lint violation found for rules: A, B}; empty otherwise.
     */
    public Optional<String> failure(List<CheckWarning> warnings) {
        if (!error || warnings.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        warnings.forEach(w -> names.add(w.checkName()));
        return Optional.of("lint violation found for rules: " + String.join(", ", names));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "skipAll=%s skipped=%s error=%s", skipAll, skipped, error);
    }
}
