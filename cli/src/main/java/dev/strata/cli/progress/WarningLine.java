package dev.strata.cli.progress;

/** How a warning reads in every view: {@code Dockerfile:3: WARN FromAsCasing: ...}. */
final class WarningLine {
    private WarningLine() {}

    static String format(String file, int line, String text) {
        if (file.isEmpty()) {
            return "WARN: " + text;
        }
        return file + (line > 0 ? ":" + line : "") + ": WARN " + text;
    }
}
