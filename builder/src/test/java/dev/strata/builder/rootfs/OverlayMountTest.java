package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayMountTest {
    @TempDir
    Path temp;
    Path lower;
    Path upper;
    Path work;
    Path merged;

    @BeforeEach
    void setUp() throws IOException {
        if (!OverlayMount.available(Files.createDirectory(temp.resolve("probe")))) {
            String message = "overlayfs with userxattr cannot be mounted here (needs root and Linux 6.7+)";
            if (Tools.inCi()) {
                Assertions.fail(message);
            }
            System.err.println("!!! SKIPPED: " + message);
            Assumptions.abort(message);
        }
        lower = Files.createDirectory(temp.resolve("lower"));
        Files.writeString(lower.resolve("base.txt"), "base");
        upper = Files.createDirectory(temp.resolve("upper"));
        work = Files.createDirectory(temp.resolve("work"));
        merged = Files.createDirectory(temp.resolve("merged"));
    }

    /** The options the kernel shows for the mount at {@code target}. */
    private static String mountOptions(Path target) throws IOException {
        String where = target.toAbsolutePath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f[4].equals(where)) {
                return line.substring(line.indexOf(" - ") + 3);
            }
        }
        throw new AssertionError(where + " is not mounted");
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma > major || ma == major && mi >= minor;
    }

    @Test
    void aWritableMountSkipsSyncsWhereTheKernelCanAndItsWritesLandInTheUpperDirectory() throws IOException {
        try (OverlayMount mount = OverlayMount.mount(List.of(lower), upper, work, merged)) {
            if (kernelAtLeast(5, 10)) {
                assertTrue(mountOptions(merged).contains("volatile"), mountOptions(merged));
                assertEquals(Optional.of(true), OverlayMount.volatileUpper());
            }
            Files.writeString(merged.resolve("made.txt"), "made");
            assertEquals("base", Files.readString(merged.resolve("base.txt")));
        }
        assertEquals("made", Files.readString(upper.resolve("made.txt")));
        assertFalse(Files.exists(lower.resolve("made.txt")));
    }

    @Test
    void aKernelThatRefusesVolatileGetsAPlainWritableMount() throws IOException {
        List<String> tried = new ArrayList<>();
        OverlayMount.Mounter oldKernel = (argv, cwd) -> {
            tried.add(String.join(" ", argv));
            if (String.join(" ", argv).contains("volatile")) {
                throw new IOException("mount: wrong fs type, bad option, bad superblock on overlay");
            }
            HostCommand.run(argv, cwd);
        };
        OverlayMount.mount(List.of(lower), upper, work, merged, oldKernel);
        try {
            assertFalse(mountOptions(merged).contains("volatile"), mountOptions(merged));
            Files.writeString(merged.resolve("made.txt"), "made");
        } finally {
            OverlayMount.unmount(merged); // a Mounter other than the host's leaves unmounting to its caller
        }
        assertEquals("made", Files.readString(upper.resolve("made.txt")));
        assertTrue(tried.size() <= 2 && !tried.get(tried.size() - 1).contains("volatile"), tried.toString());
    }

    @Test
    void aReadOnlyMountIsNeverVolatile() throws IOException {
        Path top = Files.createDirectory(temp.resolve("top")); // without an upper, overlayfs takes two lowers or more
        try (OverlayMount mount = OverlayMount.mount(List.of(top, lower), null, null, merged)) {
            assertFalse(mountOptions(merged).contains("volatile"), mountOptions(merged));
            assertTrue(Files.exists(merged.resolve("base.txt")));
        }
    }
}
