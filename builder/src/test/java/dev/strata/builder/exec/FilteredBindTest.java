package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bind source with hidden entries (what .dockerignore leaves out): the step does not see them,
 * read-only or {@code rw}, with overlayfs (a whiteout layer) and without it (a copy); the
 * directories it does see keep their mode and mtime, and the source never changes.
 */
class FilteredBindTest {
    static Path store;
    static Path base;
    static Path context;

    static final MountSources SOURCES = new MountSources() {
        @Override
        public BindSource bindSource(String from, String source) {
            return new BindSource(context, List.of(".env", "sub/deeper/secret"));
        }

        @Override
        public Optional<byte[]> secret(String id) {
            return Optional.empty();
        }
    };

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("runc");
        store = Files.createTempDirectory("strata-filtered-bind-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        context = Files.createDirectories(store.resolve("context"));
        Files.writeString(context.resolve(".env"), "hidden");
        Files.writeString(context.resolve("app.txt"), "app");
        Files.createDirectories(context.resolve("sub/deeper"));
        Files.writeString(context.resolve("sub/deeper/secret"), "hidden");
        Files.writeString(context.resolve("sub/deeper/code.txt"), "code");
        Command.ok("chmod", "0750", context.resolve("sub").toString());
        for (Path dir : List.of(context, context.resolve("sub"), context.resolve("sub/deeper"))) {
            Files.setLastModifiedTime(dir, FileTime.fromMillis(1_000_000_000_000L));
        }
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            Command.ok("rm", "-rf", store.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"type=bind,target=/ctx", "type=bind,target=/ctx,rw"})
    void hiddenEntriesAreNotThereWithOrWithoutOverlayfs(String mount) throws Exception {
        for (boolean overlay : List.of(true, false)) {
            List<String> out = new ArrayList<>();
            String script = "cd /ctx && find . | sort && stat -c '%a %Y' . sub sub/deeper && cat app.txt sub/deeper/code.txt && echo"
                    + " && (exec 2>/dev/null; echo x > sub/deeper/new; rm -f app.txt; true)";
            try (RunExecutor executor = new RunExecutor(ExecOptions.of(store.resolve(overlay ? "store-overlay" : "store-copy")), overlay);
                    RunOutcome run = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c", script), List.of(), "/", "")
                            .withMounts(List.of(MountSpec.parse(mount)), SOURCES), out::add)) {
                List<String> lines = out.stream().filter(l -> !l.startsWith("overlayfs is not available")).toList();
                assertEquals(List.of(".", "./app.txt", "./sub", "./sub/deeper", "./sub/deeper/code.txt",
                        "755 1000000000", "750 1000000000", "755 1000000000", "appcode"), lines, mount + " overlay=" + overlay);
                assertEquals(List.of(), run.changes().stream().filter(e -> e.path().startsWith("ctx")).toList(),
                        "nothing of the mount in the layer");
            }
            assertEquals("app", Files.readString(context.resolve("app.txt")), "the source never changes");
            assertFalse(Files.exists(context.resolve("sub/deeper/new")));
        }
    }
}
