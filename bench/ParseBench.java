import dev.strata.dockerfile.Dockerfiles;
import dev.strata.dockerfile.ParseResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parse throughput of {@code Dockerfiles.parse} on a generated Dockerfile (default 20,000 lines):
 * a mix of FROM, RUN with continuations, comments, ENV/LABEL pairs, COPY with flags, JSON CMD,
 * heredocs and ONBUILD. Warms up, then times whole parses and prints lines/s and MB/s.
 *
 * <p>Run with {@code bench/parse-throughput.sh [lines]} (builds the grammar module first).
 */
public final class ParseBench {
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String content = generate(lines);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), content);
        }
        long bytes = content.getBytes(StandardCharsets.UTF_8).length;
        int instructions = 0;
        for (int i = 0; i < 15; i++) {
            instructions = Dockerfiles.parse("Dockerfile", content).instructions().size();
        }
        int runs = 20;
        long best = Long.MAX_VALUE;
        long total = 0;
        long cpuTotal = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ParseResult result = Dockerfiles.parse("Dockerfile", content);
            long t = System.nanoTime() - t0;
            cpuTotal += threads.getCurrentThreadCpuTime() - c0;
            if (result.instructions().size() != instructions) {
                throw new IllegalStateException("unstable result");
            }
            best = Math.min(best, t);
            total += t;
        }
        double meanMs = total / 1e6 / runs;
        double bestMs = best / 1e6;
        System.out.printf("generated Dockerfile: %,d lines, %,d bytes, %,d instructions%n", lines, bytes, instructions);
        System.out.printf("parse: mean %.1f ms, best %.1f ms over %d runs (after 15 warm-up parses)%n", meanMs, bestMs, runs);
        double cpuMs = cpuTotal / 1e6 / runs;
        System.out.printf("parse thread CPU time: mean %.1f ms (less sensitive to a loaded machine)%n", cpuMs);
        System.out.printf("throughput (wall, mean): %,.0f lines/s, %.1f MB/s%n", lines / (meanMs / 1000), bytes / 1e6 / (meanMs / 1000));
        System.out.printf("throughput (CPU, mean): %,.0f lines/s, %.1f MB/s%n", lines / (cpuMs / 1000), bytes / 1e6 / (cpuMs / 1000));
    }

    /** About {@code lines} lines of varied, valid Dockerfile text. */
    static String generate(int lines) {
        StringBuilder sb = new StringBuilder("# syntax=docker/dockerfile:1\n");
        int n = 1;
        int stage = 0;
        while (n < lines) {
            switch (n % 10) {
                case 0 -> { sb.append("FROM debian:bookworm AS stage").append(stage++).append('\n'); n += 1; }
                case 1 -> { sb.append("# install the toolchain for step ").append(n).append('\n'); n += 1; }
                case 2 -> {
                    sb.append("RUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n")
                      .append("    apt-get install -y --no-install-recommends \\\n")
                      .append("      build-essential curl ca-certificates && \\\n")
                      .append("    rm -rf /var/lib/apt/lists/*\n");
                    n += 4;
                }
                case 3 -> { sb.append("ENV PATH=/opt/bin:$PATH LANG=\"C.UTF-8\" STEP=").append(n).append('\n'); n += 1; }
                case 4 -> { sb.append("COPY --chown=app:app --link src/ /app/src/\n"); n += 1; }
                case 5 -> { sb.append("LABEL org.opencontainers.image.title=\"bench\" step=").append(n).append('\n'); n += 1; }
                case 6 -> {
                    sb.append("RUN <<EOF\nset -e\necho step ").append(n).append("\nEOF\n");
                    n += 4;
                }
                case 7 -> { sb.append("CMD [\"/app/bin/server\", \"--port\", \"8080\"]\n"); n += 1; }
                case 8 -> { sb.append("ONBUILD RUN echo triggered\n\n"); n += 2; }
                default -> { sb.append("WORKDIR /app\nUSER app\n"); n += 2; }
            }
        }
        return sb.toString();
    }
}
