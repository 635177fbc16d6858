package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.MultiPlatformBusybox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which RUN platforms this machine can run: natively, or through a QEMU handler of binfmt_misc.
 * The kernel's own handler files are read; directories laid out as the kernel shows binfmt_misc
 * stand for the states a machine may be in (not mounted, no handler, handler without F).
 */
class EmulationTest {
    /** Debian qemu-user-static's aarch64 handler as /proc/sys/fs/binfmt_misc/qemu-aarch64 shows it. */
    private static final String AARCH64 = """
            enabled
            interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
            flags: %s
            offset 0
            magic 7f454c460201010000000000000000000200b700
            mask ffffffffffffff00fffffffffffffffffeffffff
            """;

    @TempDir
    Path tmp;

    @Test
    void theHostsOwnArchitectureAndI386NeedNoEmulation() {
        assertDoesNotThrow(() -> Emulation.check("linux/amd64", "amd64", "amd64", tmp.resolve("absent")));
        assertDoesNotThrow(() -> Emulation.check("linux/386", "386", "amd64", tmp.resolve("absent")));
    }

    @Test
    void arm64RunsHereWhenQemuIsRegistered() {
        MultiPlatformBusybox.requireArm64Emulation();
        assertDoesNotThrow(() -> Emulation.check("linux/arm64", "arm64"));
    }

    @Test
    void aMissingHandlerNamesThePackageAndHowToRegisterIt() throws IOException {
        Path binfmt = binfmt();
        ExecException e = assertThrows(ExecException.class, () -> Emulation.check("linux/arm64", "arm64", "amd64", binfmt));
        assertEquals("RUN for platform linux/arm64 needs QEMU user emulation of aarch64, but no binfmt_misc handler for aarch64"
                + " is registered: install qemu-user-static and binfmt-support (apt-get install qemu-user-static binfmt-support),"
                + " mount binfmt_misc if it is not (mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc) and register the"
                + " handlers with the F flag (update-binfmts --enable)", e.getMessage());
        // the aarch64 handler does not match arm (32-bit) or s390x (big-endian) programs
        Files.writeString(binfmt.resolve("qemu-aarch64"), AARCH64.formatted("PF"));
        assertDoesNotThrow(() -> Emulation.check("linux/arm64", "arm64", "amd64", binfmt));
        assertThrows(ExecException.class, () -> Emulation.check("linux/arm/v7", "arm", "amd64", binfmt));
        assertThrows(ExecException.class, () -> Emulation.check("linux/s390x", "s390x", "amd64", binfmt));
    }

    @Test
    void unmountedBinfmtMiscLetsTheStepTryAsAContainerMayNotShowTheHostsHandlers() {
        assertDoesNotThrow(() -> Emulation.check("linux/arm64", "arm64", "amd64", tmp.resolve("empty")));
        assertEquals("RUN for platform linux/arm64 needs QEMU user emulation of aarch64, but the kernel could not run its program"
                + " (exec format error: no binfmt_misc handler took it): install"
                + " qemu-user-static and binfmt-support (apt-get install qemu-user-static binfmt-support), mount binfmt_misc if it"
                + " is not (mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc) and register the handlers with the F flag"
                + " (update-binfmts --enable)", Emulation.notRunnable("linux/arm64", "arm64"));
    }

    @Test
    void disabledOrWithoutFixBinaryEachSaySo() throws IOException {

        Path binfmt = binfmt();
        Files.writeString(binfmt.resolve("qemu-aarch64"), AARCH64.formatted("P"));
        ExecException noF = assertThrows(ExecException.class, () -> Emulation.check("linux/arm64", "arm64", "amd64", binfmt));
        assertTrue(noF.getMessage().contains("its binfmt_misc handler qemu-aarch64 lacks the F (fix-binary) flag"), noF.getMessage());

        Files.writeString(binfmt.resolve("qemu-aarch64"), AARCH64.formatted("PF").replace("enabled", "disabled"));
        assertThrows(ExecException.class, () -> Emulation.check("linux/arm64", "arm64", "amd64", binfmt));

        Files.writeString(binfmt.resolve("qemu-aarch64"), AARCH64.formatted("PF"));
        Files.writeString(binfmt.resolve("status"), "disabled\n");
        ExecException off = assertThrows(ExecException.class, () -> Emulation.check("linux/arm64", "arm64", "amd64", binfmt));
        assertTrue(off.getMessage().contains("binfmt_misc is disabled"), off.getMessage());
    }

    @Test
    void anArchitectureWithoutKnownEmulationIsRefused() {
        ExecException e = assertThrows(ExecException.class, () -> Emulation.check("linux/wasm", "wasm", "amd64", Emulation.BINFMT_MISC));
        assertEquals("cannot run RUN for platform linux/wasm on this amd64 machine: no QEMU emulation is known for architecture wasm",
                e.getMessage());
    }

    /** A binfmt_misc directory with no handlers, as a freshly mounted one (plus a non-ELF handler). */
    private Path binfmt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(dir.resolve("status"), "enabled\n");
        Files.writeString(dir.resolve("register"), "");
        Files.writeString(dir.resolve("jar"), "enabled\ninterpreter /usr/bin/jexec\nflags: \nextension .jar\n");
        return dir;
    }
}
