package dev.strata.builder.steps;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bounds on a stage's variables and on what a RUN hands to {@code execve}. One word's expansion
 * is already capped at 1 MiB; without a bound on the sum, a 44 KB Dockerfile of
 * {@code ARG bN=$big} lines fills gigabytes. And Linux refuses to start a process whose
 * arguments and environment exceed a quarter of its stack limit (2 MiB by default) or hold a
 * string over 128 KiB: runc then fails with {@code argument list too long}, after spending
 * minutes on a 100,000-variable environment. We say so before starting anything.
 */
final class StageVariables {
    /** Far above what any process can receive; only a runaway Dockerfile gets here. */
    static final long MAX_STAGE_BYTES = 8L << 20;
    /** Linux's MAX_ARG_STRLEN: 32 pages. */
    static final int MAX_STRING_BYTES = 32 * 4096;
    /** What Strata's runtimes add (PATH, HOME, an env secret's name) is small; keep room for it. */
    private static final int RESERVE = 8192;

    private StageVariables() {
    }

    /** @throws StepException when the stage's ENV and ARG values together exceed 8 MiB */
    static void check(StageState s, String instruction) {
        long total = 0;
        for (String e : s.config.env) {
            total += e.length();
        }
        for (String v : s.args.values().values()) {
            total += v.length();
        }
        if (total > MAX_STAGE_BYTES) {
            throw new StepException(instruction + " makes the stage's variables (ENV and ARG values) larger than 8 MiB"
                    + origin(s) + "; no process could be started with them");
        }
    }

    /**
     * @param limit the kernel's limit for arguments plus environment ({@link #execLimit})
     * @throws StepException when {@code execve} would refuse the RUN's argv and environment
     */
    static void checkExec(StageState s, List<String> argv, List<String> env, long limit) {
        long total = RESERVE;
        for (String a : argv) {
            int n = a.getBytes(StandardCharsets.UTF_8).length + 1;
            if (n > MAX_STRING_BYTES) {
                throw new StepException("RUN cannot start: its command is " + Sizes.of(n)
                        + "; Linux passes at most 128 KiB in one argument (put the script in a file and COPY it)");
            }
            total += n + 8;
        }
        for (String e : env) {
            int n = e.getBytes(StandardCharsets.UTF_8).length + 1;
            if (n > MAX_STRING_BYTES) {
                int eq = e.indexOf('=');
                throw new StepException("RUN cannot start: environment variable " + (eq < 0 ? e : e.substring(0, eq))
                        + " is " + Sizes.of(n) + "; Linux passes at most 128 KiB in one variable" + origin(s));
            }
            total += n + 8;
        }
        if (total > limit) {
            throw new StepException("RUN cannot start: its environment holds " + env.size() + " variables ("
                    + Sizes.of(total) + " with the command)" + origin(s) + "; Linux passes at most "
                    + Sizes.of(limit) + " of arguments and environment to a process");
        }
    }

    private static String origin(StageState s) {
        String base = s.stage().baseName();
        return base.equals("scratch") ? "" : ", from base image \"" + base + "\" and this stage's ENV and ARG";
    }

    /**
     * The kernel's limit on a new process's arguments plus environment: a quarter of the stack
     * limit the process inherits (runc keeps Strata's own), at most 6 MiB, at least 128 KiB.
     */
    static long execLimit() {
        long stack = 8L << 20;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max stack size")) {
                    String soft = line.substring("Max stack size".length()).trim().split("\\s+")[0];
                    stack = soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // keep Linux's default stack limit
        }
        return Math.max(MAX_STRING_BYTES, Math.min(stack / 4, 6L << 20));
    }

    /** Sizes as people read them. */
    private static final class Sizes {
        static String of(long bytes) {
            if (bytes >= 1 << 20) {
                return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
            }
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
    }
}
