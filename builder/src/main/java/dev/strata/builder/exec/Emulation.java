package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this machine can run a RUN step's programs for a platform: natively, or through a QEMU
 * user-mode handler registered with binfmt_misc. BuildKit runs foreign RUN steps the same way and
 * installs nothing itself; neither does Strata. The handler needs the F (fix-binary) flag: the
 * kernel then opens the interpreter when it is registered, so it works inside the step's root,
 * which does not hold the interpreter.
 */
public final class Emulation {
    /** Where the kernel shows binfmt_misc handlers when the file system is mounted. */
    public static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");

    private static final String HOW = "install qemu-user-static and binfmt-support (apt-get install qemu-user-static"
            + " binfmt-support), mount binfmt_misc if it is not (mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc)"
            + " and register the handlers with the F flag (update-binfmts --enable)";

    private Emulation() {}

    /** The first bytes of an ELF executable for an architecture: class, byte order and machine. */
    private record Elf(boolean is64, boolean bigEndian, int machine, String unameName) {
        byte[] header() {
            byte[] h = new byte[20];
            h[0] = 0x7f;
            h[1] = 'E';
            h[2] = 'L';
            h[3] = 'F';
            h[4] = (byte) (is64 ? 2 : 1);
            h[5] = (byte) (bigEndian ? 2 : 1);
            h[6] = 1;
            int type = 2; // ET_EXEC
            put16(h, 16, type);
            put16(h, 18, machine);
            return h;
        }

        private void put16(byte[] h, int at, int value) {
            h[at + (bigEndian ? 1 : 0)] = (byte) value;
            h[at + (bigEndian ? 0 : 1)] = (byte) (value >> 8);
        }
    }

    /** OCI architecture names (GOARCH) to their ELF identity. */
    private static final Map<String, Elf> ELF = Map.ofEntries(
            Map.entry("amd64", new Elf(true, false, 0x3e, "x86_64")),
            Map.entry("386", new Elf(false, false, 0x03, "i386")),
            Map.entry("arm64", new Elf(true, false, 0xb7, "aarch64")),
            Map.entry("arm", new Elf(false, false, 0x28, "arm")),
            Map.entry("ppc64le", new Elf(true, false, 0x15, "ppc64le")),
            Map.entry("s390x", new Elf(true, true, 0x16, "s390x")),
            Map.entry("riscv64", new Elf(true, false, 0xf3, "riscv64")),
            Map.entry("mips64le", new Elf(true, false, 0x08, "mips64el")),
            Map.entry("loong64", new Elf(true, false, 0x102, "loongarch64")));

    /**
     * Checks that programs built for {@code architecture} (an OCI name: {@code arm64}, {@code arm})
     * can run on a host of {@code hostArchitecture}, looking at the handlers under
     * {@code binfmtMisc}; {@code platform} names the platform in the message.
     *
     * @throws ExecException one line saying what is missing and how to add it
     */
    public static void check(String platform, String architecture, String hostArchitecture, Path binfmtMisc) throws ExecException {
        if (runsNatively(architecture, hostArchitecture)) {
            return;
        }
        Elf elf = ELF.get(architecture);
        if (elf == null) {
            throw new ExecException("cannot run RUN for platform " + platform + " on this " + hostArchitecture
                    + " machine: no QEMU emulation is known for architecture " + architecture);
        }
        String needs = "RUN for platform " + platform + " needs QEMU user emulation of " + elf.unameName() + ", but ";
        if (!Files.isRegularFile(binfmtMisc.resolve("status"))) {
            // a container often does not show binfmt_misc although the host's handlers serve it:
            // let the step run; if the kernel refuses its program, notRunnable says why
            return;
        }
        if (readLines(binfmtMisc.resolve("status")).stream().noneMatch("enabled"::equals)) {
            throw new ExecException(needs + "binfmt_misc is disabled (" + binfmtMisc.resolve("status") + "): " + HOW);
        }
        Optional<Handler> handler = find(binfmtMisc, elf.header());
        if (handler.isEmpty()) {
            throw new ExecException(needs + "no binfmt_misc handler for " + elf.unameName() + " is registered: " + HOW);
        }
        if (!handler.get().flags().contains("F")) {
            throw new ExecException(needs + "its binfmt_misc handler " + handler.get().name() + " lacks the F (fix-binary) flag,"
                    + " so its interpreter " + handler.get().interpreter() + " cannot be found inside the step's root:"
                    + " register it again with the F flag (Debian's qemu-user-static does: update-binfmts --disable "
                    + handler.get().name() + " && update-binfmts --enable " + handler.get().name() + ")");
        }
    }

    /**
     * Whether a RUN step for {@code architecture} needs emulation on this host, and so whether its
     * "exec format error" means that none is registered.
     */
    public static boolean isForeign(String architecture) {
        return !runsNatively(architecture, hostArchitecture());
    }

    /**
     * The one-line error for a foreign step whose program the kernel refused (exec format error):
     * binfmt_misc could not be read to tell beforehand, or its handler does not match that program.
     */
    public static String notRunnable(String platform, String architecture) {
        Elf elf = ELF.get(architecture);
        String what = elf == null ? architecture : elf.unameName();
        return "RUN for platform " + platform + " needs QEMU user emulation of " + what + ", but the kernel could not run its"
                + " program (exec format error: no binfmt_misc handler took it): " + HOW;
    }

    /** Checks {@code architecture} against this JVM's host and the kernel's handlers. */
    public static void check(String platform, String architecture) throws ExecException {
        check(platform, architecture, hostArchitecture(), BINFMT_MISC);
    }

    /** The host's OCI architecture name ({@code amd64}, {@code arm64}). */
    public static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }

    /** Whether {@code host} runs {@code arch}'s programs itself: the same, or 32-bit x86 on x86-64. */
    private static boolean runsNatively(String arch, String host) {
        return arch.equals(host) || (host.equals("amd64") && arch.equals("386"));
    }

    /** One registered handler, as {@code /proc/sys/fs/binfmt_misc/NAME} shows it. */
    private record Handler(String name, String interpreter, String flags) {}

    private static Optional<Handler> find(Path binfmtMisc, byte[] header) throws ExecException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(binfmtMisc)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals("register") || name.equals("status")) {
                    continue;
                }
                Optional<Handler> handler = match(name, readLines(entry), header);
                if (handler.isPresent()) {
                    return handler;
                }
            }
        } catch (IOException e) {
            throw new ExecException("cannot read the binfmt_misc handlers in " + binfmtMisc + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    /** The handler described by {@code lines} if it is enabled and its magic matches {@code header}. */
    static Optional<Handler> match(String name, List<String> lines, byte[] header) {
        boolean enabled = false;
        String interpreter = "";
        String flags = "";
        int offset = 0;
        byte[] magic = null;
        byte[] mask = null;
        for (String line : lines) {
            try {
                if (line.equals("enabled")) {
                    enabled = true;
                } else if (line.startsWith("interpreter ")) {
                    interpreter = line.substring(12);
                } else if (line.startsWith("flags:")) {
                    flags = line.substring(6).trim();
                } else if (line.startsWith("offset ")) {
                    offset = Integer.parseInt(line.substring(7).trim());
                } else if (line.startsWith("magic ")) {
                    magic = HexFormat.of().parseHex(line.substring(6).trim());
                } else if (line.startsWith("mask ")) {
                    mask = HexFormat.of().parseHex(line.substring(5).trim());
                }
            } catch (IllegalArgumentException unreadable) {
                return Optional.empty();
            }
        }
        if (!enabled || magic == null || offset < 0 || offset + magic.length > header.length) {
            return Optional.empty();
        }
        for (int i = 0; i < magic.length; i++) {
            int m = mask != null && i < mask.length ? mask[i] : 0xff;
            if ((header[offset + i] & m) != (magic[i] & m)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Handler(name, interpreter, flags));
    }

    private static List<String> readLines(Path file) throws ExecException {
        try {
            return Files.readAllLines(file).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new ExecException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
