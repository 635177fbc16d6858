package dev.strata.cli.progress;

import java.util.Locale;
import java.util.Map;

/** The {@code --progress} values, as {@code docker build} names them. */
public enum ProgressMode {
    /** tty on a terminal outside CI, plain otherwise. */
    AUTO,
    /** A live view redrawn in place. */
    TTY,
    /** One line per event, for logs and CI. */
    PLAIN,
    /** Nothing but errors. */
    QUIET;

    /** Parses a flag value ({@code auto}, {@code tty}, {@code plain}, {@code quiet}). */
    public static ProgressMode parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid progress mode \"" + value
                    + "\": use auto, tty, plain or quiet");
        }
    }

    /**
     * What {@code auto} means here: tty when there is a console and {@code CI} is not
     * {@code true}; the other modes stay as they are.
     */
    public ProgressMode resolve(boolean console, Map<String, String> env) {
        if (this != AUTO) {
            return this;
        }
        boolean ci = "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
        return console && !ci ? TTY : PLAIN;
    }
}
