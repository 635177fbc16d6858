package dev.strata.dockerfile.check;

import java.util.Objects;

/**
 * One finding of a build check.
 *
 * @param checkName BuildKit's check name ({@code JSONArgsRecommended})
 * @param file the Dockerfile's name as used in messages
 * @param line the 1-based line of the instruction at fault
 * @param message the one-line text BuildKit prints for it
 * @param url the check's documentation page
 */
public record CheckWarning(String checkName, String file, int line, String message, String url) {
    public CheckWarning {
        Objects.requireNonNull(checkName, "checkName");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(url, "url");
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1-based: " + line);
        }
    }

    /** The line printed during builds: {@code Dockerfile:3: WARN FromAsCasing: 'as' and ...}. */
    public String format() {
        return file + ":" + line + ": WARN " + checkName + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
