package dev.strata.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code strata} in a child JVM as uid 1000 without groups ({@code setpriv}), as a user
 * without privileges would: the tests' class path copied where that user can read it.
 */
final class AsUid1000 {
    private final Path dir;
    private final String classpath;

    private AsUid1000(Path dir, String classpath) {
        this.dir = dir;
        this.classpath = classpath;
    }

    /** Requires root (to drop to uid 1000) and setpriv; {@code tmp} becomes readable by everyone. */
    static AsUid1000 in(Path tmp) throws IOException {
        require(Path.of("/usr/bin/setpriv"));
        Assumptions.assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
                "needs root to drop to uid 1000");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return new AsUid1000(tmp, readableClasspath(Files.createDirectories(tmp.resolve("cp"))));
    }

    /** The command that runs {@code strata args} as uid 1000. */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, "dev.strata.cli.Main"));
        command.addAll(args);
        return command;
    }

    /** Runs {@code command} (from {@link #command}, maybe wrapped, or any other) with HOME {@code home}; exit code and output. */
    static Result run(List<String> command, Path home, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.remove("XDG_DATA_HOME");
        env.remove("STRATA_ROOT");
        env.putAll(extraEnv);
        Process process = pb.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out:\n" + out);
        }
        return new Result(process.exitValue(), out);
    }

    record Result(int exitCode, String output) {}

    /** A directory owned by uid 1000 under the test directory. */
    Path userDir(String name) throws IOException {
        Path user = Files.createDirectories(dir.resolve(name));
        ok("chown", "1000:1000", user.toString());
        return user;
    }

    private static String readableClasspath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve(i++ + (Files.isDirectory(from) ? "" : ".jar"));
            ok("cp", "-r", from.toString(), to.toString());
            entries.add(to.toString());
        }
        ok("chmod", "-R", "a+rX", dir.toString());
        return String.join(File.pathSeparator, entries);
    }

    static void require(Path tool) {
        if (!Files.exists(tool)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(tool + " is not installed");
            }
            System.err.println("!!! SKIPPED: " + tool + " is not installed");
            Assumptions.abort(tool + " is not installed");
        }
    }

    /** Runs a host program that must succeed. */
    static void ok(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", argv) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
