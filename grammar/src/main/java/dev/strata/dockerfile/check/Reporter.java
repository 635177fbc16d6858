package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects warnings, dropping the checks the directive skips and the ones raised while
 * {@link #muted} (stages a build does not need). Not thread-safe.
 */
final class Reporter {
    private final CheckDirective directive;
    private final Set<CheckWarning> warnings = new LinkedHashSet<>();
    private boolean muted;

    Reporter(CheckDirective directive) {
        this.directive = directive;
    }

    void report(CheckRule rule, SourceLocation location, String message) {
        if (!muted && directive.enabled(rule)) {
            warnings.add(new CheckWarning(rule.checkName(), location.file(), location.startLine(), message,
                    rule.url()));
        }
    }

    void muted(boolean value) {
        this.muted = value;
    }

    /** The warnings by line; those of one line in the order BuildKit raises them. */
    List<CheckWarning> warnings() {
        List<CheckWarning> sorted = new ArrayList<>(warnings);
        sorted.sort(Comparator.comparingInt(CheckWarning::line));
        return List.copyOf(sorted);
    }
}
