package dev.strata.cli.progress;

import java.util.Map;

/** ANSI colours, or none when {@code NO_COLOR} is set (https://no-color.org). */
record Ansi(boolean color) {
    static final String CLEAR_LINE = "\033[K";
    static final String CLEAR_BELOW = "\033[J";

    static Ansi fromEnv(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return new Ansi(noColor == null || noColor.isEmpty());
    }

    String blue(String s) {
        return paint("34", s);
    }

    String red(String s) {
        return paint("31", s);
    }

    String yellow(String s) {
        return paint("33", s);
    }

    String dim(String s) {
        return paint("2", s);
    }

    private String paint(String code, String s) {
        return color ? "\033[" + code + "m" + s + "\033[0m" : s;
    }

    static String up(int lines) {
        return "\033[" + lines + "A";
    }
}
