package dev.strata.dockerfile.shell;

import java.util.Objects;
import java.util.Set;

/**
 * The result of expanding one word.
 *
 * @param value the expanded text
 * @param matched names that were referenced and set in the environment
 * @param unmatched names that were referenced but not set
 */
public record ExpandedWord(String value, Set<String> matched, Set<String> unmatched) {
    public ExpandedWord {
        Objects.requireNonNull(value, "value");
        matched = Set.copyOf(matched);
        unmatched = Set.copyOf(unmatched);
    }
}
