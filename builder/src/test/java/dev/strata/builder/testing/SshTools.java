package dev.strata.builder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OpenSSH's client tools for tests of {@code RUN --mount=type=ssh}: keys, and ssh-add for a busybox root. */
public final class SshTools {
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x");

    private SshTools() {}

    /** Copies the host's {@code ssh-add} and the shared libraries ldd names into {@code root} at the same paths. */
    public static void installSshAdd(Path root) throws IOException {
        install(root, Tools.require("ssh-add"));
    }

    /** Copies the host's programs and the shared libraries ldd names for them into {@code root} at the same paths. */
    public static void install(Path root, Path... programs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path program : programs) {
            files.add(program);
            Matcher m = LIBRARY.matcher(Command.ok("ldd", program.toString()));
            while (m.find()) {
                files.add(Path.of(m.group(1)));
            }
        }
        for (Path file : files.stream().distinct().toList()) {
            Path target = root.resolve(file.toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(file.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Command.ok("chmod", "0755", target.toString());
        }
    }

    /** A new ed25519 key without a passphrase; returns the private key file. */
    public static Path newKey(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name);
        Command.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@strata-test", "-f", key.toString());
        return key;
    }

    /** The key's line as {@code ssh-add -l} prints it ({@code 256 SHA256:... comment (ED25519)}). */
    public static String fingerprint(Path key) {
        return Command.ok("ssh-keygen", "-l", "-f", key + ".pub").strip();
    }
}
