package dev.strata.builder.context.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code .dockerignore} file as moby/patternmatcher's {@code ignorefile.ReadAll} does:
 * a UTF-8 BOM is dropped, lines starting with {@code #} are comments, whitespace is trimmed,
 * empty lines are skipped, each pattern is cleaned, and a leading {@code /} is removed (also
 * after {@code !}), so {@code /foo} and {@code ./foo} both mean {@code foo}.
 */
public final class DockerIgnore {

    private DockerIgnore() {
    }

    /** The patterns of the file, in order. */
    public static List<String> parse(String text) {
        List<String> patterns = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : body.split("\r?\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = pattern.substring(1).strip();
            }
            if (!pattern.isEmpty()) {
                pattern = PathNames.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            patterns.add(invert ? "!" + pattern : pattern);
        }
        return patterns;
    }

    /**
     * Parses and compiles the file.
     *
     * @param fileName named in the error for a bad pattern
     * @throws IllegalArgumentException {@code .dockerignore: syntax error in pattern "["}
     */
    public static PatternMatcher matcher(String fileName, String text) {
        try {
            return PatternMatcher.of(parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fileName + ": " + e.getMessage(), e);
        }
    }
}
