package dev.strata.builder.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** Runs a command with stdin closed, hands each output line (stdout and stderr merged) on, keeps the last ten. */
final class OutputPump {
    static final int KEEP = 10;

    /** A finished command: its exit code and last lines. */
    record Result(int exitCode, List<String> lastLines) {}

    private OutputPump() {}

    /** Called once the command started, before its stdin is closed. */
    interface Started {
        void accept(Process process) throws IOException;
    }

    static Result run(List<String> command, Consumer<String> lines, Started started) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            started.accept(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        process.getOutputStream().close();
        Deque<String> last = new ArrayDeque<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
                last.addLast(line);
                if (last.size() > KEEP) {
                    last.removeFirst();
                }
            }
        }
        try {
            return new Result(process.waitFor(), List.copyOf(last));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while the RUN command ran", e);
        }
    }
}
