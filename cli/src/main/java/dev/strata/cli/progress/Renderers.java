package dev.strata.cli.progress;

import java.io.PrintWriter;
import java.util.Map;

/** Picks the renderer for a {@code --progress} mode. */
public final class Renderers {
    private Renderers() {}

    /**
     * @param out where progress goes (standard error, as docker does)
     * @param console whether standard error is a terminal ({@code System.console() != null})
     * @param env the process environment ({@code CI}, {@code NO_COLOR}, {@code COLUMNS})
     */
    public static Renderer create(ProgressMode mode, PrintWriter out, boolean console, Map<String, String> env) {
        return switch (mode.resolve(console, env)) {
            case TTY -> new TtyRenderer(out, System::nanoTime, TerminalSize.detect(env),
                    Ansi.fromEnv(env).color(), true);
            case PLAIN -> new PlainRenderer(out, System::nanoTime);
            case QUIET -> new QuietRenderer();
            case AUTO -> throw new IllegalStateException("auto is resolved above");
        };
    }

    /** {@code --progress=quiet}: shows nothing; errors reach the user as the command's message. */
    static final class QuietRenderer implements Renderer {
        @Override
        public void stepStarted(int step, String stage, int index, int total, String text) {}

        @Override
        public void stepCached(int step) {}

        @Override
        public void stepDone(int step, double seconds) {}

        @Override
        public void stepFailed(int step, String message) {}

        @Override
        public void log(int step, String line) {}

        @Override
        public void progress(int step, long bytes, long total) {}

        @Override
        public void extracting(int step, String layer, long bytes, long size) {}

        @Override
        public void warning(String file, int line, String text) {}

        @Override
        public void close() {}
    }
}
