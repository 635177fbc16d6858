package dev.strata.dockerfile.check;

/**
 * What the CopyIgnoredFile check needs to know about the build context's {@code .dockerignore}.
 * The builder implements it with its own pattern matcher; this module has none.
 */
public interface ContextIgnore {
    /**
     * BuildKit's {@code MatchesOrParentMatches}: whether the context path, or a directory above
     * it, is excluded.
     *
     * @param path cleaned, slash-separated, relative to the context root ({@code src/a.txt})
     */
    boolean matchesOrParentMatches(String path);

    /**
     * Whether the file has {@code !} exception patterns. BuildKit skips the check then: a file
     * inside an excluded directory may be re-included.
     */
    boolean hasExceptions();

    /** Whether a pattern is {@code *}, {@code **} or {@code **}{@code /*}, excluding the whole root. */
    boolean excludesRoot();
}
