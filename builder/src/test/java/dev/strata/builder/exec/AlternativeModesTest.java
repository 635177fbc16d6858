package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same RUN behaviour with --isolation userns and chroot, and with the copy-and-compare fallback instead of overlayfs. */
class AlternativeModesTest {
    static Path store;
    static Path base;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("unshare");
        store = Files.createTempDirectory("strata-modes-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        Files.createDirectories(base.resolve("var/lib/old"));
        Files.writeString(base.resolve("var/lib/old/file"), "old");
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            Command.ok("rm", "-rf", store.toString());
        }
    }

    static RunExecutor executor(String mode) throws IOException {
        Path root = store.resolve("store-" + mode);
        return switch (mode) {
            case "chroot" -> {
                Tools.require("capsh");
                yield new RunExecutor(new ExecOptions(root, Optional.of(Isolation.CHROOT), Optional.empty()));
            }
            case "userns" -> {
                Tools.require("runc");
                yield new RunExecutor(new ExecOptions(root, Optional.of(Isolation.USERNS), Optional.empty()));
            }
            case "copy" -> {
                Tools.require("runc");
                yield new RunExecutor(ExecOptions.of(root), false);
            }
            default -> throw new IllegalArgumentException(mode);
        };
    }

    static final MountSources SECRET = new MountSources() {
        @Override
        public BindSource bindSource(String from, String source) throws IOException {
            throw new IOException("no binds");
        }

        @Override
        public Optional<byte[]> secret(String id) {
            return Optional.of("hush-42".getBytes(StandardCharsets.UTF_8));
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"userns", "chroot", "copy"})
    void capturesTheSameChanges(String mode) throws Exception {
        try (RunExecutor executor = executor(mode)) {
            List<String> out = new ArrayList<>();
            boolean mounts = !mode.equals("chroot");
            RunRequest request = RunRequest.of(List.of("/bin/sh", "-c",
                    "echo new > /new && echo 'x:x:5:5::/:/bin/sh' >> /etc/passwd && rm /etc/group"
                            + " && rm -rf /var/lib/old && mkdir /var/lib/old && echo n > /var/lib/old/fresh"
                            + " && cat /run/secrets/s 2>/dev/null; echo && id -u && pwd && hostname"),
                    List.of(), "/made/here", "");
            if (mounts) {
                request = request.withMounts(List.of(MountSpec.parse("type=secret,id=s")), SECRET);
            } else {
                RunRequest withSecret = request.withMounts(List.of(MountSpec.parse("type=secret,id=s")), SECRET);
                ExecException refused = assertThrows(ExecException.class, () -> executor.run(List.of(base), withSecret, l -> {}));
                assertTrue(refused.getMessage().startsWith("RUN --mount needs a mount namespace"), refused.getMessage());
            }
            try (RunOutcome run = executor.run(List.of(base), request, out::add)) {
                assertEquals(List.of(mounts ? "hush-42" : "", "0", "/made/here"), out.subList(out.size() - 4, out.size() - 1));
                if (mounts) {
                    assertEquals("strata", out.get(out.size() - 1), "the hostname is set in the step's UTS namespace");
                }
                if (mode.equals("copy")) {
                    assertTrue(out.get(0).startsWith("overlayfs is not available"), out.get(0));
                    assertFalse(run.overlay());
                }
                if (mode.equals("userns")) {
                    assertTrue(run.overlay(), "userns mounts overlayfs in the step's own namespace, no copy of the root");
                }
                Map<String, LayerEntry> entries = RunExecutorTest.byPath(run.changes());
                // the copy-and-compare diff cannot tell a directory made again on a reused inode from the old one:
                // it whites out the old file instead of marking the directory opaque (the same image either way)
                String oldGone = entries.containsKey("var/lib/old/.wh.file") && !run.overlay()
                        ? "var/lib/old/.wh.file" : "var/lib/old/.wh..wh..opq";
                assertEquals(List.of("etc", "etc/.wh.group", "etc/passwd", "made", "made/here", "new",
                        "var", "var/lib", "var/lib/old", oldGone, "var/lib/old/fresh"),
                        List.copyOf(entries.keySet()));
                assertInstanceOf(LayerEntry.Whiteout.class, entries.get("etc/.wh.group"));
                assertTrue(RunExecutorTest.content(entries.get("etc/passwd")).endsWith("\nx:x:5:5::/:/bin/sh\n"));
            }
            out.clear();
            try (RunOutcome run = executor.run(List.of(base),
                    RunRequest.of(List.of("/bin/sh", "-c", "id -u; id -g; touch ~/x"), List.of(), "/", "app"), out::add)) {
                assertEquals(List.of("1000", "1000"), out.subList(out.size() - 2, out.size()));
                assertEquals(1000, RunExecutorTest.byPath(run.changes()).get("home/app/x").attributes().uid());
            }
            RunFailedException e = assertThrows(RunFailedException.class,
                    () -> executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c", "exit 4"), List.of(), "/", ""), l -> {}));
            assertEquals(4, e.exitCode());
        }
    }
}
