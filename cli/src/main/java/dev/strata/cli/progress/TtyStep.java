package dev.strata.cli.progress;

import java.util.ArrayDeque;
import java.util.Deque;

/** What the live view knows about one step. Not thread-safe: guarded by {@link TtyRenderer}. */
final class TtyStep {
    /** How many of a step's last output lines the view shows. */
    static final int LOG_LINES = 6;

    enum Status { RUNNING, CACHED, DONE, ERROR }

    final int id;
    final String label;
    final long startNanos;
    Status status = Status.RUNNING;
    double seconds;
    long bytes = -1;
    long total = -1;
    /** What the bytes are of when it is not the step's own transfer ({@code extracting sha256:...}), else null. */
    String activity;
    final Deque<String> logs = new ArrayDeque<>();

    TtyStep(int id, String label, long startNanos) {
        this.id = id;
        this.label = label;
        this.startNanos = startNanos;
    }

    void log(String line) {
        logs.addLast(line);
        while (logs.size() > LOG_LINES) {
            logs.removeFirst();
        }
    }

    boolean finished() {
        return status != Status.RUNNING;
    }
}
