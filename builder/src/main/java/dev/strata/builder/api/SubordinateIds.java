package dev.strata.builder.api;

import dev.strata.builder.exec.Executables;
import dev.strata.builder.exec.ProcessStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Strata re-started as root of a user namespace that maps the caller to 0 and the caller's
 * /etc/subuid and /etc/subgid ranges from 1, as rootless podman and buildah run. A user without
 * privileges then builds what root builds: RUN can chown to any id the ranges cover (apt-get's
 * {@code _apt}, {@code useradd}), and this process can read and delete what such a step left in the
 * store, since it runs there too. Without ranges (or under {@code no_new_privs}, which disarms the
 * set-user-id newuidmap) a build maps only the caller, as root.
 *
 * <p>Every command that touches the store restarts, so the store's files are always handled from
 * inside the namespace. {@value #ENV}{@code =off} keeps Strata in the caller's own ids.
 */
public final class SubordinateIds {
    /** Set to {@code entered} in the restarted process; {@code off} (or {@code 0}) disables the restart. */
    public static final String ENV = "STRATA_USERNS";
    public static final String ENTERED = "entered";

    private SubordinateIds() {}

    /**
     * The command that re-starts this process ({@code argv}, as /proc/self/cmdline has it) in the
     * namespace, or empty when this process runs as root already, was restarted, is told not to,
     * has no ranges, or the namespace cannot be made here (tried once with {@code true}).
     */
    public static Optional<List<String>> restartCommand(List<String> argv, Map<String, String> env) throws IOException {
        String setting = env.getOrDefault(ENV, "");
        if (setting.equals(ENTERED) || setting.equals("off") || setting.equals("0") || argv.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> status = ProcessStatus.fields();
        String uid = status.getOrDefault("Uid", "0 0").split("\\s+")[1];
        if (uid.equals("0") || !status.getOrDefault("NoNewPrivs", "0").equals("0")) {
            return Optional.empty();
        }
        String name = System.getProperty("user.name", "");
        if (!hasRange(Path.of("/etc/subuid"), name, uid) || !hasRange(Path.of("/etc/subgid"), name, uid)
                || Executables.find("newuidmap").isEmpty() || Executables.find("newgidmap").isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> unshare = Executables.find("unshare");
        if (unshare.isEmpty()) {
            return Optional.empty();
        }
        // util-linux 2.38+: --map-auto takes the caller's first /etc/subuid and /etc/subgid ranges through newuidmap
        List<String> prefix = List.of(unshare.get().toString(), "--user", "--map-auto", "--map-root-user", "--");
        if (!succeeds(prefix, "true")) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(argv);
        return Optional.of(command);
    }

    /** This process's command line, argument for argument. */
    public static List<String> ownCommandLine() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return argv;
    }

    static boolean hasRange(Path file, String name, String uid) throws IOException {
        if (!Files.isReadable(file)) {
            return false;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split(":");
            if (f.length == 3 && (f[0].equals(name) || f[0].equals(uid)) && positive(f[2])) {
                return true;
            }
        }
        return false;
    }

    private static boolean positive(String count) {
        try {
            return Long.parseLong(count) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean succeeds(List<String> prefix, String command) throws IOException {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(command);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
