package dev.strata.cli.progress;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The terminal's columns and rows. */
public record TerminalSize(int width, int height) {
    public static final TerminalSize DEFAULT = new TerminalSize(80, 24);

    public TerminalSize {
        if (width < 20 || height < 3) {
            throw new IllegalArgumentException("terminal too small: " + width + "x" + height);
        }
    }

    /**
     * {@code COLUMNS}/{@code LINES} when set, else what {@code stty size} says about
     * {@code /dev/tty}, else 80x24.
     */
    public static TerminalSize detect(Map<String, String> env) {
        int width = parse(env.get("COLUMNS"));
        int height = parse(env.get("LINES"));
        if (width <= 0 || height <= 0) {
            int[] stty = stty();
            width = width > 0 ? width : stty[1];
            height = height > 0 ? height : stty[0];
        }
        return new TerminalSize(width >= 20 ? width : DEFAULT.width(), height >= 3 ? height : DEFAULT.height());
    }

    private static int parse(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code [rows, columns]}, zeros when unknown. */
    private static int[] stty() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return new int[2];
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new int[2];
            }
            String[] parts = text.split("\\s+");
            return parts.length == 2 ? new int[] {parse(parts[0]), parse(parts[1])} : new int[2];
        } catch (IOException e) {
            return new int[2];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new int[2];
        }
    }
}
