package dev.strata.builder.context.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's exclusion matcher (moby/patternmatcher), used for {@code .dockerignore} and
 * {@code COPY --exclude}: each pattern is cleaned, {@code **} matches any number of directories,
 * {@code !} makes an exception, and the last matching pattern wins. A path also matches when
 * one of its parent directories matches ({@code MatchesOrParentMatches}). Immutable.
 */
public final class PatternMatcher {

    private final List<Rule> rules;
    private final boolean exclusions;

    private PatternMatcher(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.exclusions = rules.stream().anyMatch(Rule::exclusion);
    }

    /**
     * Compiles the patterns.
     *
     * @throws IllegalArgumentException for {@code !} alone or a malformed pattern
     */
    public static PatternMatcher of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            p = PathNames.clean(p);
            boolean exclusion = false;
            if (p.charAt(0) == '!') {
                if (p.length() == 1) {
                    throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
                }
                exclusion = true;
                p = p.substring(1);
            }
            GoGlob.validate(p);
            rules.add(Rule.compile(p, exclusion));
        }
        return new PatternMatcher(rules);
    }

    public static PatternMatcher none() {
        return new PatternMatcher(List.of());
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any pattern starts with {@code !}. */
    public boolean hasExclusions() {
        return exclusions;
    }

    /** The cleaned patterns, exceptions without their {@code !}. */
    public List<String> exceptionPatterns() {
        return rules.stream().filter(Rule::exclusion).map(Rule::cleaned).toList();
    }

    /** {@code MatchesOrParentMatches}: the file or one of its parents matches, not excepted. */
    public boolean matches(String file) {
        boolean matched = false;
        String parent = PathNames.dir(file);
        String[] parentDirs = parent.split("/", -1);
        for (Rule rule : rules) {
            if (rule.exclusion() != matched) {
                continue;
            }
            boolean match = rule.match(file);
            if (!match && !parent.equals(".")) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < parentDirs.length && !match; i++) {
                    if (i > 0) {
                        prefix.append('/');
                    }
                    prefix.append(parentDirs[i]);
                    match = rule.match(prefix.toString());
                }
            }
            if (match) {
                matched = !rule.exclusion();
            }
        }
        return matched;
    }

    /** {@code MatchesExact}: no parent matching. */
    public boolean matchesExact(String file) {
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exclusion() != matched) {
                continue;
            }
            if (rule.match(file)) {
                matched = !rule.exclusion();
            }
        }
        return matched;
    }

    /**
     * Whether a directory that {@link #matches} must still be walked because an exception
     * pattern may re-include something below it, as fsutil's walker decides: when every
     * exception is a plain path (a trailing {@code /*} or {@code /**} aside), only a directory
     * such an exception starts with; when any exception has a wildcard ({@code !}{@code *}{@code
     * /inner*}), every directory.
     */
    public boolean mayIncludeBelow(String dir) {
        if (!exclusions) {
            return false;
        }
        String dirSlash = dir + "/";
        for (Rule rule : rules) {
            if (!rule.exclusion()) {
                continue;
            }
            String plain = withoutTrailingGlob(rule.cleaned());
            if (hasPatternChars(plain) || (plain + "/").startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrailingGlob(String pattern) {
        String p = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
        return p.endsWith("/*") ? p.substring(0, p.length() - 2) : p;
    }

    private static boolean hasPatternChars(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if ("*[]?^\\".indexOf(pattern.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

    private record Rule(String cleaned, boolean exclusion, Kind kind, PathRegex regexp) {

        boolean match(String path) {
            return switch (kind) {
                case EXACT -> path.equals(cleaned);
                case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
                case SUFFIX -> {
                    String suffix = cleaned.substring(2);
                    yield path.endsWith(suffix) || (suffix.charAt(0) == '/' && path.equals(suffix.substring(1)));
                }
                case REGEXP -> regexp.matches(path);
            };
        }

        /** moby/patternmatcher's choice between its exact, prefix, suffix and regexp matches. */
        static Rule compile(String pattern, boolean exclusion) {
            Kind kind = Kind.EXACT;
            int[] cps = pattern.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                int ch = cps[i];
                if (ch == '*') {
                    if (i + 1 < cps.length && cps[i + 1] == '*') {
                        boolean atStart = i == 0;
                        i++;
                        if (i + 1 < cps.length && cps[i + 1] == '/') {
                            i++;
                        }
                        kind = i + 1 >= cps.length && kind == Kind.EXACT ? Kind.PREFIX : Kind.REGEXP;
                        if (atStart) {
                            kind = Kind.SUFFIX;
                        }
                    } else {
                        kind = Kind.REGEXP;
                    }
                } else if (ch == '?' || ch == '[' || ch == ']') {
                    kind = Kind.REGEXP;
                } else if (ch == '\\' && i + 1 < cps.length) {
                    i++;
                    kind = Kind.REGEXP;
                }
            }
            return new Rule(pattern, exclusion, kind, kind == Kind.REGEXP ? PathRegex.compile(pattern) : null);
        }
    }
}
